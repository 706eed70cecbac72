// An edited or corrupted checkpoint is refused with the file and the line, never turned into a report; a torn
// last line (a run killed while writing it) is still cut off silently, and resume still gives the same report.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { claims as allClaims } from '../../../properties/index';
import { InputError } from '../../../src/contract/errors';
import { checkpointPath, readCheckpoint } from '../../../src/runner/checkpoint';
import { mergeCheckpoints } from '../../../src/runner/merge';
import { resumeSession } from '../../../src/runner/session';
import { trialSeed } from '../../../src/runner/run';
import { cli, expectRejected } from '../../cli/helpers';
import { checkpointOf, edited, failure, lineNumber, toyRegistry, toyRun } from '../../helpers/faults';
import { bare, flags, resume, run, tempDir } from '../../helpers/harness';

let whole: Awaited<ReturnType<typeof toyRun>>;
beforeAll(async () => {
  whole = await toyRun();
});

/** The InputError readCheckpoint throws for these lines, as text. */
function refusal(lines: readonly string[], tail = ''): string {
  const file = checkpointPath(checkpointOf(lines, tail));
  const err = (() => {
    try {
      readCheckpoint(file);
    } catch (e) {
      return e;
    }
  })();
  expect(err).toBeInstanceOf(InputError);
  return (err as InputError).message;
}

const replaced = (n: number, line: string) => whole.lines.map((l, i) => (i === n - 1 ? line : l));

describe('checkpoint integrity', () => {
  it('writes version 2: a checksum on every line, a plan hash in the header', () => {
    const header = JSON.parse(whole.lines[0]);
    expect(header).toMatchObject({ theorycheck: 'checkpoint', version: 2, planHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    for (const line of whole.lines) expect(line).toMatch(/,"sum":"[0-9a-f]{16}"}$/);
  });

  it('refuses an edited header seed: checksum, then plan hash, then the seed of every trial', () => {
    const seed = (j: Record<string, any>) => void (j.config.seed = 12);
    expect(refusal(replaced(1, edited(whole.lines[0], seed)))).toMatch(/trials\.jsonl:1: got "checksum mismatch"; allowed: .*edited or corrupted/);
    // The checksum made to match, the plan hash not.
    expect(refusal(replaced(1, edited(whole.lines[0], seed, 'sum')))).toMatch(/trials\.jsonl:1: got "a plan hash that does not match the config"/);
    // Both made to match: the first trial line's seed is not the one seed 12 gives.
    const first = JSON.parse(whole.lines[1]);
    const [claim, rung] = first.trial.split('|');
    expect(refusal(replaced(1, edited(whole.lines[0], seed, 'plan')))).toContain(
      `trials.jsonl:2: got "seed ${first.outcome.seed} for ${first.trial}"; allowed: seed ${trialSeed(12, claim, rung, 0)}, the one that trial has in a run of seed 12`,
    );
  });

  it('refuses an edited trial line by its number: its seed, its verdict, its trial index', () => {
    const n = 17;
    const seed = (j: Record<string, any>) => void (j.outcome.seed += 1);
    expect(refusal(replaced(n, edited(whole.lines[n - 1], seed)))).toMatch(/trials\.jsonl:17: got "checksum mismatch"; allowed: the line as theorycheck wrote it: this one was edited or corrupted/);
    expect(refusal(replaced(n, edited(whole.lines[n - 1], (j) => void (j.outcome.pass = !j.outcome.pass))))).toMatch(/trials\.jsonl:17: got "checksum mismatch"/);
    expect(refusal(replaced(n, edited(whole.lines[n - 1], seed, 'sum')))).toMatch(/trials\.jsonl:17: got "seed \d+ for toy\.coin\|p=0\.97,kMax=10\|15"; allowed: seed \d+/);
    expect(refusal(replaced(n, edited(whole.lines[n - 1], (j) => void (j.outcome.trial += 1), 'sum')))).toMatch(/trials\.jsonl:17: got "toy\.coin\|p=0\.97,kMax=10\|15"; allowed: a trial of the run's plan/);
    // A corrupted byte: the line no longer parses as a line of the checkpoint.
    expect(refusal(replaced(n, whole.lines[n - 1].replace('"trial":', '"tri@l":')))).toMatch(/trials\.jsonl:17: got .*allowed: a trial, counterexample or trainer-check line/);
  });

  it('refuses a line copied from a run of another seed, and an edited counterexample seed', async () => {
    const other = await toyRun({ seed: 12 });
    expect(refusal([...whole.lines.slice(0, 5), other.lines[5]])).toMatch(/trials\.jsonl:6: got "seed \d+ for toy\.coin\|p=0\.97,kMax=10\|4"; allowed: seed \d+, the one that trial has in a run of seed 11/);
    const n = lineNumber(whole.lines, '{"counterexample"');
    expect(refusal(replaced(n, edited(whole.lines[n - 1], (j) => void (j.found.counterexample.seed += 1), 'sum')))).toMatch(new RegExp(`trials\\.jsonl:${n}: got "seed \\d+ for toy\\.coin`));
  });

  it('cuts off a torn last line silently, but refuses a damaged last whole line', () => {
    const last = whole.lines[whole.lines.length - 1];
    const data = readCheckpoint(checkpointPath(checkpointOf(whole.lines, last.slice(0, 30))));
    expect(data.trials.size + data.counterexamples.size + (data.trainerCheck ? 1 : 0)).toBe(whole.lines.length - 1);
    expect(refusal([...whole.lines.slice(0, -1), `${last.slice(0, -6)}ffff"}`])).toMatch(new RegExp(`trials\\.jsonl:${whole.lines.length}: got "checksum mismatch"`));
  });

  it('refuses a version-1 checkpoint as written by an older theorycheck, to be rerun', () => {
    const { planHash: _hash, sum: _sum, ...header } = JSON.parse(whole.lines[0]);
    const v1 = JSON.stringify({ ...header, version: 1 });
    expect(refusal([v1, ...whole.lines.slice(1)])).toMatch(/trials\.jsonl:1: got "a checkpoint of version 1"; allowed: a checkpoint of version 2: this one was written by an older theorycheck, without line checksums; rerun the run/);
  });

  it('resumes from any cut the same report as the uninterrupted run; refuses an edited checkpoint and frees the directory', async () => {
    const dir = checkpointOf(whole.lines.slice(0, 60), whole.lines[60].slice(0, 12));
    const again = await resume(toyRegistry, dir);
    expect(bare(again.report)).toBe(bare(whole.report));
    const damaged = checkpointOf(replaced(9, edited(whole.lines[8], (j) => void (j.outcome.seconds = 0))));
    expect(String(await failure(() => resumeSession(toyRegistry, damaged)))).toMatch(/trials\.jsonl:9: got "checksum mismatch"/);
    // The refusal released the directory's lock: the repaired checkpoint resumes.
    writeFileSync(checkpointPath(damaged), `${whole.lines.slice(0, 9).join('\n')}\n`);
    expect(bare((await resume(toyRegistry, damaged)).report)).toBe(bare(whole.report));
  });

  it('merge refuses a shard with an edited line, and shards of two runs by their plan hash', async () => {
    const shards = [tempDir(), tempDir(), tempDir()];
    await run(toyRegistry, flags(shards[0], { shard: { index: 1, count: 2 } }));
    await run(toyRegistry, flags(shards[1], { shard: { index: 2, count: 2 } }));
    await run(toyRegistry, flags(shards[2], { shard: { index: 2, count: 2 }, seed: 12 }));
    const files = shards.map(checkpointPath);
    expect(bare(await mergeCheckpoints(toyRegistry, files.slice(0, 2)))).toBe(bare(whole.report));
    const lines = readFileSync(files[1], 'utf8').split('\n');
    lines[3] = edited(lines[3], (j) => void (j.outcome.pass = !j.outcome.pass));
    writeFileSync(files[1], lines.join('\n'));
    expect(String(await failure(() => mergeCheckpoints(toyRegistry, files.slice(0, 2))))).toMatch(/trials\.jsonl:4: got "checksum mismatch"/);
    expect(String(await failure(() => mergeCheckpoints(toyRegistry, [files[0], files[2]])))).toMatch(/got "a run other than .*'s"; allowed: shards of one run/);
    // A trial of shard 2 under the header of shard 1.
    const [header] = readFileSync(files[0], 'utf8').split('\n');
    const foreign = readFileSync(files[1], 'utf8').split('\n')[1];
    expect(refusal([header, foreign])).toMatch(/trials\.jsonl:2: got "toy\.[^"]+"; allowed: a trial of shard 1\/2, the header's/);
  });

  it('exits 2 with one line naming the file and line when `run --resume` meets an edited checkpoint', async () => {
    const dir = tempDir();
    await run(allClaims, flags(dir, { claim: ['quadratic.recovery-threshold'], runs: 2 }));
    const lines = readFileSync(checkpointPath(dir), 'utf8').split('\n');
    lines[2] = edited(lines[2], (j) => void (j.outcome.seed += 1));
    writeFileSync(join(dir, 'trials.jsonl'), lines.join('\n'));
    const result = await cli('run', '--resume', dir, '--quiet');
    expectRejected(result, 'trials.jsonl:3: got "checksum mismatch"', expect);
  });
});
