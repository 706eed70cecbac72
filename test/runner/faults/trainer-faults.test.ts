// Faults of a plug-in trainer module: requests that never end (a promise that never settles, a loop that holds
// the thread), workers that die under it, one-off errors. Every run ends, with each faulty trial an error that
// names the fault and carries its replay line, and the run's other trials as a clean run has them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runClaims, type RunOptions } from '../../../src/runner/run';
import { loadTrainer } from '../../../src/runner/trainers/load';
import type { Report, RungResult } from '../../../src/contract/report';
import { trainingClaim } from '../../helpers/trainer-claims';
import { cliIn } from '../../cli/helpers';

const trainerModule = fileURLToPath(new URL('../../fixtures/trainers/faulty.ts', import.meta.url));
const claimsModule = new URL('../../helpers/trainer-claims.ts', import.meta.url).href;
const TIMEOUT = 0.5;

/** A run of the toy training claim (12 trials) on the faulty trainer in `workers` worker processes. */
async function faultyRun(mode: string, workers: number, extra: Partial<RunOptions> = {}): Promise<Report> {
  process.env.FAULTY_TRAINER = mode;
  process.env.FAULTY_TRAINER_MARKER = join(mkdtempSync(join(tmpdir(), 'tc-faulty-')), 'first');
  const trainer = await loadTrainer(trainerModule, undefined, TIMEOUT);
  return runClaims([trainingClaim], {
    seed: 3, trainer, scale: 'small', runs: 12, workers, trainerFlag: `--trainer ${trainerModule}`,
    workerSetup: { claimsModule, trainerModule, trainerTimeout: TIMEOUT }, ...extra,
  });
}

const rung = (report: Report): RungResult => report.claims[0].results[0];
/** The trials whose seed the fixture treats as bad, from a clean run's outcomes. */
const errorsOf = (r: RungResult) => r.errors;

afterEach(() => {
  delete process.env.FAULTY_TRAINER;
  delete process.env.FAULTY_TRAINER_MARKER;
});

describe('a plug-in trainer module that faults', () => {
  it('never resolving: each such request is an error after the timeout, with the replay line; the run ends', async () => {
    for (const workers of [1, 2]) {
      const r = rung(await faultyRun('hang-async', workers));
      expect(r.trials).toBe(12);
      expect(errorsOf(r)).toBeGreaterThan(0);
      expect(r.errors).toBeLessThan(12);
      expect(r.reasons[0]).toMatch(/^timed out: trainer faulty: no result within 0.5 s; replay: npx theorycheck replay toy.training --seed -?\d+ --trainer /);
      expect(r.counterexample).toBeUndefined();
    }
  });

  it('holding its thread: the pool ends the worker, the trial is an error with its replay line, the others run', async () => {
    const r = rung(await faultyRun('hang-sync', 1));
    expect(r.trials).toBe(12);
    expect(r.errors).toBeGreaterThan(0);
    expect(r.errors).toBeLessThan(12);
    expect(r.passes).toBe(r.runs - r.errors);
    expect(r.reasons[0]).toMatch(/^timed out: a request to the trainer took more than 0.5 s; replay: npx theorycheck replay toy.training --seed /);
  });

  it('killing its worker on some requests: the worker is replaced, each such trial tried twice, then an error', async () => {
    const r = rung(await faultyRun('crash', 2));
    expect(r.trials).toBe(12);
    expect(r.errors).toBeGreaterThan(0);
    expect(r.passes).toBe(r.runs - r.errors);
    expect(r.reasons[0]).toMatch(/^worker died: a worker process exited with signal SIGKILL, twice; replay: /);
  });

  it('killing its worker once: the trial is run again in a new worker and the run is as a clean one', async () => {
    const clean = rung(await faultyRun('none', 1));
    const once = rung(await faultyRun('crash-once', 1));
    expect(once.errors).toBe(0);
    expect(once.passes).toBe(clean.passes);
    expect(once.observables).toEqual(clean.observables);
  });

  it('erring once: the trial is retried with the same seed, passes, and is reported as flaky', async () => {
    const r = rung(await faultyRun('throw-once', 1));
    expect(r.errors).toBe(0);
    expect(r.passes).toBe(12);
    expect(r.reasons).toEqual([expect.stringMatching(/^flaky: the first try with this seed erred \(trainer faulty: train threw: connection reset\), the retry did not$/)]);
  });

  it('throwing a plain object: the reason shows what was thrown, never "[object Object]"', async () => {
    const r = rung(await faultyRun('throw-object', 1));
    expect(r.errors).toBeGreaterThan(0);
    expect(r.reasons[0]).toBe('trainer faulty: train threw: {"code":42,"detail":"device lost"}');
  });

  it('printing to stdout: its lines go to stderr, and run --json prints one JSON document', async () => {
    process.env.FAULTY_TRAINER = 'chatty';
    // In a directory of its own: the run saves its failures there, and the next run replays them (in the main process).
    const cwd = mkdtempSync(join(tmpdir(), 'tc-chatty-'));
    for (let run = 0; run < 2; run++) {
      const r = await cliIn(cwd, 'run', '--claim', 'quadratic.gd-recovers-below-barrier', '--scale', 'small', '--runs', '2', '--trainer', trainerModule, '--trainer-check', 'off', '--json', '--quiet', '--out', join(cwd, 'out'));
      expect(JSON.parse(r.stdout)).toMatchObject({ trainer: 'faulty' });
      expect(r.stderr).toMatch(/^training with seed \d+$/m);
    }
  });

  it('holding its thread in the trainer check: the check fails and says why, the claims are not run', async () => {
    const report = await faultyRun('hang-sync-all', 1, { trainerCheck: 'stop' });
    expect(report.trainerCheck).toMatchObject({ pass: false, reason: expect.stringMatching(/^the check could not be made: a request to the trainer took more than 0.5 s, twice/) });
    expect(report.claims).toEqual([]);
    expect(report.summary.outcome).toBe('did-not-train');
  });
});
