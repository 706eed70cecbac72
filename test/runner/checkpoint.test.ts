import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkpointPath, readCheckpoint } from '../../src/runner/checkpoint';
import { InputError } from '../../src/contract/errors';
import { resumeSession } from '../../src/runner/session';
import { bare, flags, resume, run, tempDir } from '../helpers/harness';
import { coinClaim, thresholdClaim } from '../helpers/toy-claims';

const registry = [coinClaim, thresholdClaim];
// Timing differs between runs, and with it each line's checksum.
const withoutSeconds = (text: string) => text.replace(/"seconds":[^,}]+/g, '"seconds":0').replace(/"sum":"[0-9a-f]+"/g, '"sum":""');

/** A finished run's directory, its report and its checkpoint text, computed once. */
async function finishedRun() {
  const dir = tempDir();
  const { report, computed } = await run(registry, flags(dir));
  return { dir, report, computed, text: readFileSync(checkpointPath(dir), 'utf8') };
}

describe('checkpoint', () => {
  it('holds a header, one line per trial and one per shrink, readable back', async () => {
    const { dir, computed, text } = await finishedRun();
    const data = readCheckpoint(checkpointPath(dir));
    expect(data.trials.size).toBe(computed);
    expect(computed).toBe(2 * 200 + 50);
    // Both holds rungs (coin at p = 0.97, threshold) have failures, each shrunk once.
    expect(data.counterexamples.size).toBe(2);
    expect(text.split('\n')).toHaveLength(1 + computed + 2 + 1);
    expect(data.config).toMatchObject({ claims: ['toy.coin', 'toy.threshold'], scale: 'small', seed: 11, shrink: true });
    expect(data.config.plan).toEqual([
      ['toy.coin', 'p=0.97,kMax=10', 200],
      ['toy.coin', 'p=0.03,kMax=10', 200],
      ['toy.threshold', 'threshold=7,kMax=100', 50],
    ]);
  });

  it('resumes from a run killed at any byte: no finished trial recomputed or lost, the same report and checkpoint', async () => {
    const whole = await finishedRun();
    const headerBytes = whole.text.indexOf('\n') + 1;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: headerBytes, max: whole.text.length }), async (cut) => {
        const dir = tempDir();
        // The file as a kill -9 after `cut` bytes leaves it (the header is written whole, by rename).
        writeFileSync(checkpointPath(dir), whole.text.slice(0, cut));
        const kept = whole.text.slice(0, cut).split('\n').slice(1, -1).filter((l) => l.startsWith('{"trial"')).length;
        const again = await resume(registry, dir);
        expect(again.computed).toBe(whole.computed - kept);
        expect(bare(again.report)).toBe(bare(whole.report));
        expect(withoutSeconds(readFileSync(checkpointPath(dir), 'utf8'))).toBe(withoutSeconds(whole.text));
      }),
      { numRuns: 12, examples: [[headerBytes], [whole.text.length], [whole.text.length - 5]] },
    );
  });

  it('resumes a run that was itself resumed and killed again', async () => {
    const whole = await finishedRun();
    const dir = tempDir();
    const lines = whole.text.split('\n');
    writeFileSync(checkpointPath(dir), `${lines.slice(0, 100).join('\n')}\n`);
    const session = await resumeSession(registry, dir);
    session.close();
    // Killed right after resuming: nothing new, the torn tail of the first kill is still cut off.
    writeFileSync(checkpointPath(dir), `${readFileSync(checkpointPath(dir), 'utf8')}{"trial":"toy.co`);
    const again = await resume(registry, dir);
    expect(again.computed).toBe(whole.computed - 99);
    expect(bare(again.report)).toBe(bare(whole.report));
  });

  it('refuses a damaged checkpoint or one of other ladders, naming the file and the line', async () => {
    const whole = await finishedRun();
    const dir = tempDir();
    const lines = whole.text.split('\n');
    lines[5] = lines[5].replace('"pass":', '"passed":');
    writeFileSync(checkpointPath(dir), lines.join('\n'));
    expect(() => readCheckpoint(checkpointPath(dir))).toThrow(new RegExp(`trials\\.jsonl:6: got .*; allowed: a trial, counterexample or trainer-check line`));
    writeFileSync(checkpointPath(dir), `{"theorycheck":"checkpoint","version":2}\n`);
    expect(() => readCheckpoint(checkpointPath(dir))).toThrow(/trials\.jsonl:1: .*allowed: the header/);
    writeFileSync(checkpointPath(dir), '');
    expect(() => readCheckpoint(checkpointPath(dir))).toThrow(InputError);
    // The claims changed since the checkpoint was written: resuming would mix two ladders.
    const changed = { ...coinClaim, runs: 100, ladders: { ...coinClaim.ladders, small: coinClaim.ladders.small.map(({ params, expected }) => ({ params, expected })) } };
    const other = tempDir();
    mkdirSync(other, { recursive: true });
    copyFileSync(checkpointPath(whole.dir), join(other, 'trials.jsonl'));
    const err = await resumeSession([changed, thresholdClaim], other).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain('the same claims, rungs and trial counts');
  });
});
