import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { claims as registry } from '../../properties/index';
import { InputError } from '../../src/contract/errors';
import { parseWorkers } from '../../src/cli/flags';
import { createPool, defaultWorkers, SMALL_RUN } from '../../src/runner/pool';
import type { Report } from '../../src/contract/report';
import { runClaims, trialSeed, type RunOptions } from '../../src/runner/run';
import type { TrialOutcome } from '../../src/core/check/trial';
import { runTrial } from '../../src/runner/trial';
import { reportJson, withoutTiming } from '../../src/report/json';
import { loadTrainer } from '../../src/runner/trainers/load';
import { referenceTrainer } from '../../src/core/train/reference';
import { bareReport, bin, cli, expectRejected, trialLines } from '../cli/helpers';
import { coinClaim, thresholdClaim } from '../helpers/toy-claims';
import { survivors } from '../helpers/processes';
import { trainingClaim } from '../helpers/trainer-claims';

const toyModule = new URL('../helpers/toy-claims.ts', import.meta.url).href;
const bare = (report: Report) => reportJson(withoutTiming(report));

describe('trials in worker processes', () => {
  it('give the report of a single-thread run byte for byte, with and without sequential stopping', async () => {
    for (const sequential of [false, true]) {
      const base: RunOptions = { seed: 9, trainer: referenceTrainer, scale: 'small', sequential, shrinkBudget: 100 };
      const order: string[] = [];
      const one = await runClaims([coinClaim, thresholdClaim], base);
      const two = await runClaims([coinClaim, thresholdClaim], { ...base, workers: 2, workerSetup: { claimsModule: toyModule }, onTrial: (k) => void order.push(k) });
      expect(bare(two)).toBe(bare(one));
      // The threshold rung has failures: its shrunk counterexample came from a worker.
      expect(two.claims[1].results[0].counterexample?.instance).toEqual({ seed: 0, k: 7 });
      // Each rung's trials reach the checkpoint hook once each, in trial order.
      const byRung = new Map<string, number[]>();
      for (const key of order) {
        const [claim, rung, trial] = key.split('|');
        byRung.set(`${claim}|${rung}`, [...(byRung.get(`${claim}|${rung}`) ?? []), Number(trial)]);
      }
      for (const trials of byRung.values()) expect(trials).toEqual(trials.map((_, i) => i));
    }
  });

  it('take waiting tasks lowest order first, and in submission order within one order', async () => {
    const pool = createPool(1, { claimsModule: toyModule });
    try {
      const done: string[] = [];
      const task = (label: string, order: number) =>
        pool.trials(coinClaim.id, { p: 0.5, kMax: 10 }, [{ trial: 0, seed: 1 }], order).then(() => void done.push(label));
      // The one worker holds the first two at once; the other four wait in the queue.
      await Promise.all([task('a', 5), task('b', 5), task('c', 9), task('d', 1), task('e', 9), task('f', 1)]);
      expect(done).toEqual(['a', 'b', 'd', 'f', 'c', 'e']);
    } finally {
      await pool.close();
    }
  });

  it('train real networks to the same bits as this thread (a default-ladder claim)', async () => {
    const claims = registry.filter((c) => c.id === 'giant-step.single-direction');
    const base: RunOptions = { seed: 2, trainer: referenceTrainer, scale: 'small', shrink: false };
    const one = await runClaims(claims, base);
    const two = await runClaims(claims, { ...base, workers: 2, workerSetup: { claimsModule: new URL('../../properties/index.ts', import.meta.url).href } });
    expect(bare(two)).toBe(bare(one));
  });

  it('load a plug-in trainer module in each worker', async () => {
    const module = fileURLToPath(new URL('../fixtures/trainers/scaled-trainer.ts', import.meta.url));
    const trainer = await loadTrainer(module);
    const base: RunOptions = { seed: 1, trainer, scale: 'small' };
    const one = await runClaims([trainingClaim], base);
    const two = await runClaims([trainingClaim], { ...base, workers: 2, workerSetup: { claimsModule: new URL('../helpers/trainer-claims.ts', import.meta.url).href, trainerModule: module } });
    expect(bare(two)).toBe(bare(one));
    const reference = await runClaims([trainingClaim], { ...base, trainer: referenceTrainer });
    expect(two.claims[0].results[0].observables.norm.median).not.toBe(reference.claims[0].results[0].observables.norm.median);
  });

  it('a pool computes what runTrial computes here, and a worker that cannot load its claims fails the run', async () => {
    const pool = createPool(2, { claimsModule: toyModule });
    try {
      const params = coinClaim.ladders.small[0].params;
      const seeds = [0, 1, 2].map((trial) => ({ trial, seed: trialSeed(5, coinClaim.id, 'x', trial) }));
      const got = await pool.trials(coinClaim.id, params, seeds);
      const want: TrialOutcome[] = [];
      for (const { trial, seed } of seeds) want.push(await runTrial(coinClaim, params, trial, seed, { trainer: referenceTrainer, params }));
      const strip = (o: TrialOutcome) => ({ ...o, seconds: 0 });
      expect(got.map(strip)).toEqual(want.map(strip));
    } finally {
      await pool.close();
    }
    const broken = runClaims([coinClaim], { seed: 1, trainer: referenceTrainer, scale: 'small', workers: 2, workerSetup: { claimsModule: toyModule.replace('toy-claims', 'no-such-claims') } });
    await expect(broken).rejects.toThrow(/no-such-claims/);
  });
});

describe('theorycheck run --workers', () => {
  it('writes the report of --workers 1, and rejects a bad count with exit 2', async () => {
    const args = ['run', '--claim', 'quadratic.recovery-threshold', 'giant-step.single-direction', '--scale', 'small', '--seed', '4', '--quiet'];
    const [one, two] = [mkdtempSync(join(tmpdir(), 'tc-w1-')), mkdtempSync(join(tmpdir(), 'tc-w2-'))];
    const [a, b, bad] = await Promise.all([cli(...args, '--out', one, '--workers', '1'), cli(...args, '--out', two, '--workers', '2'), cli(...args, '--out', two, '--workers', '0')]);
    expect([a.code, b.code], b.stderr).toEqual([0, 0]);
    expect(bareReport(two)).toBe(bareReport(one));
    expectRejected(bad, '--workers', expect);
  });

  it('leaves no worker process behind when the run is killed with kill -9', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tc-wk-'));
    const run = spawn(process.execPath, [bin, 'run', '--claim', 'quadratic.gd-recovers-below-barrier', '--scale', 'small', '--runs', '40', '--seed', '4', '--quiet', '--workers', '2', '--out', out], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => run.on('exit', () => resolve()));
    // Trials in the checkpoint: the workers are up and busy.
    while (trialLines(out) < 2) await sleep(20);
    const children = execFileSync('pgrep', ['-P', String(run.pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    expect(children.length).toBeGreaterThanOrEqual(2);
    run.kill('SIGKILL');
    await exited;
    // Each worker leaves once its current trial (about 0.1 s) ends and it sees the run gone.
    expect(await survivors(children, 10_000)).toEqual([]);
  });

  it('defaults to one worker per core, and none for a small run', () => {
    expect(defaultWorkers(SMALL_RUN - 1)).toBe(1);
    expect(defaultWorkers(10 * SMALL_RUN)).toBeGreaterThanOrEqual(1);
    expect(parseWorkers('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two', '257']) expect(() => parseWorkers(bad)).toThrow(InputError);
  });
});
