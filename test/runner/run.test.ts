import { describe, expect, it } from 'vitest';
import { runClaims, runRung, trialSeed } from '../../src/runner/run';
import { replay } from '../../src/core/check/replay';
import { falsifySpace } from '../../src/core/check/falsify';
import type { TrainResult, Trainer } from '../../src/contract/trainer';
import { withoutTiming, reportJson } from '../../src/report/json';
import { coinClaim, offsetClaim, thresholdClaim } from '../helpers/toy-claims';

const nullTrainer: Trainer = {
  name: 'none',
  supports: () => false,
  train: (): TrainResult => {
    throw new Error('not used');
  },
};
const base = { seed: 5, trainer: nullTrainer, scale: 'small' as const };

describe('rate mode', () => {
  it('estimates a known pass probability and gives both verdicts', async () => {
    const report = await runClaims([coinClaim], base);
    const [hi, lo] = report.claims[0].results;
    expect(hi.runs).toBe(200);
    expect(hi.passRate).toBeGreaterThan(0.92);
    expect(hi.interval[0]).toBeLessThan(0.97);
    expect(hi.interval[1]).toBeGreaterThan(0.97);
    expect(hi.verdict).toBe('agrees');
    expect(lo.passRate).toBeLessThan(0.08);
    expect(lo.verdict).toBe('agrees');
  });

  it('is a pure function of the seed: same seed same report, another seed another', async () => {
    const a = reportJson(withoutTiming(await runClaims([coinClaim], base)));
    const b = reportJson(withoutTiming(await runClaims([coinClaim], base)));
    const c = reportJson(withoutTiming(await runClaims([coinClaim], { ...base, seed: 6 })));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('reuses known trials instead of recomputing them (resume)', async () => {
    const rung = coinClaim.ladders.small[0];
    const seen = new Map();
    const first = await runRung(coinClaim, rung, { ...base, runs: 30, onTrial: (k, o) => void seen.set(k, o) });
    let reran = 0;
    const second = await runRung(coinClaim, rung, { ...base, runs: 30, known: seen, onTrial: () => void reran++ });
    expect(reran).toBe(0);
    expect(second.passes).toBe(first.passes);
  });

  it('records a failing trial whose seed replays it alone', async () => {
    const rung = { params: { threshold: 7, kMax: 100 }, expected: { outcome: 'holds' as const } };
    const result = await runRung(thresholdClaim, rung, { ...base, shrink: false });
    expect(result.failingSeeds.length).toBeGreaterThan(0);
    const again = await replay(thresholdClaim, { seed: result.failingSeeds[0], at: rung.params, trainer: nullTrainer });
    expect(again.pass).toBe(false);
    expect(trialSeed(5, 'toy.threshold', 'threshold=7,kMax=100', 0)).toBe(trialSeed(5, 'toy.threshold', 'threshold=7,kMax=100', 0));
  });

  it('with bail, stops at the first rung that disagrees: the rungs after it are not checked and say why', async () => {
    const wrong = { ...coinClaim, id: 'toy.wrong', ladders: { ...coinClaim.ladders, small: [{ params: { p: 0.2, kMax: 10 }, expected: { outcome: 'holds' as const } }] } };
    const report = await runClaims([wrong, coinClaim], { ...base, shrink: false, sequential: true, bail: true });
    expect(report.claims[0].verdict).toBe('disagrees');
    const [hi, lo] = report.claims[1].results;
    expect(hi).toMatchObject({ verdict: 'not-checked', trials: 0, planned: 200, bailed: 'toy.wrong p=0.2,kMax=10' });
    expect(lo.verdict).toBe('not-checked');
    expect(report.summary).toMatchObject({ outcome: 'disagrees', exitCode: 1 });
    expect(report.summary.notChecked[0].why).toBe('not finished: --bail stopped the run when toy.wrong p=0.2,kMax=10 disagreed');
    // Without bail the same run goes on: the second claim agrees.
    expect((await runClaims([wrong, coinClaim], { ...base, shrink: false, sequential: true })).claims[1].verdict).toBe('agrees');
  });

  it('turns a throwing check or a NaN observable into a recorded error, never a pass', async () => {
    const broken = { ...coinClaim, check: () => ({ pass: true, observables: { x: Number.NaN } }) };
    const r = await runRung(broken, coinClaim.ladders.small[0], { ...base, runs: 5 });
    expect(r.errors).toBe(5);
    expect(r.passes).toBe(0);
    expect(r.reasons[0]).toContain('observable x is NaN');
  });
});

describe('falsify mode', () => {
  it('shrinks a holds-rung failure to the smallest counterexample and its replay reproduces it', async () => {
    const rung = { params: { threshold: 7, kMax: 100 }, expected: { outcome: 'holds' as const } };
    const result = await runRung(thresholdClaim, rung, { ...base, shrinkBudget: 200 });
    const cx = result.counterexample!;
    expect(cx.instance).toEqual({ seed: 0, k: 7 });
    expect(cx.replay).toContain(`--seed ${cx.seed}`);
    const again = await replay(thresholdClaim, { seed: cx.seed, path: cx.path, at: cx.params, trainer: nullTrainer });
    expect(again.instance).toEqual(cx.instance);
    expect(again.pass).toBe(false);
  });

  it('finds nothing in a space where the claim holds', async () => {
    const cx = await falsifySpace(offsetClaim, offsetClaim.defaults, { trainer: nullTrainer, params: {} }, { seed: 3, numRuns: 100 });
    expect(cx).toBeUndefined();
  });

  it('shrinks the parameters of a space stated too strongly to the smallest ones', async () => {
    const at = { ...offsetClaim.defaults, minOffset: -1 };
    const cx = await falsifySpace(offsetClaim, at, { trainer: nullTrainer, params: {} }, { seed: 3, numRuns: 100, shrinkBudget: 500 });
    expect(cx).toBeDefined();
    expect(cx!.params).toMatchObject({ d: 2, offset: -1 });
    expect(cx!.instance).toEqual({ seed: 0 });
    expect(cx!.replay).toContain('--space');
    const again = await replay(offsetClaim, { seed: cx!.seed, path: cx!.path, at, space: true, trainer: nullTrainer });
    expect(again.params).toEqual(cx!.params);
    expect(again.pass).toBe(false);
  });
});
