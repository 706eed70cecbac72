import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims } from '../../../properties/index';
import { leastSquaresTrainingError, testErrorUniversal, trainingErrorUniversal } from '../../../properties/universality/family';
import { rungName, type CheckResult, type Claim, type Rung } from '../../../src/contract/claim';
import { referenceTrainer } from '../../../src/core/train';

const SEED = 20261125;
const UNIVERSALITY = [trainingErrorUniversal, testErrorUniversal];

async function rungRate(claim: Claim<any>, rung: Rung) {
  const runs = rung.runs ?? claim.runs;
  const instances = fc.sample(fc.noBias(claim.instance(rung.params)), { seed: SEED, numRuns: runs });
  const results: CheckResult[] = [];
  for (const instance of instances) results.push(await claim.check(instance, { trainer: referenceTrainer, params: rung.params }));
  return { results, passes: results.filter((r) => r.pass).length, runs };
}

describe('the universality claims', () => {
  it('are listed once each', () => {
    const ids = claims.map((c) => c.id);
    for (const claim of UNIVERSALITY) expect(ids.filter((id) => id === claim.id)).toHaveLength(1);
  });

  for (const claim of UNIVERSALITY) {
    it(`${claim.id}: every rung's expectation is the claim's own rule; the small ladder has a holds and a fails rung`, () => {
      for (const scale of ['small', 'default', 'large'] as const) {
        const rungs = claim.ladders[scale];
        expect(new Set(rungs.map(rungName)).size).toBe(rungs.length);
        for (const rung of rungs) expect(rung.expected).toEqual(claim.expect(rung.params));
      }
      const outcomes = claim.ladders.small.map((r) => r.expected.outcome);
      expect(outcomes).toContain('holds');
      expect(outcomes).toContain('fails');
    });
  }
});

describe('small ladders agree with the paper in both directions', () => {
  for (const claim of UNIVERSALITY) {
    for (const rung of claim.ladders.small) {
      const expected = rung.expected;
      it(`${claim.id} at ${rungName(rung)}: ${expected.outcome}`, async () => {
        const { results, passes, runs } = await rungRate(claim, rung);
        expect(results.every((r) => (r.status ?? 'ok') === 'ok')).toBe(true);
        for (const r of results) for (const v of Object.values(r.observables ?? {})) expect(Number.isFinite(v)).toBe(true);
        if (expected.outcome === 'holds') expect(passes / runs).toBeGreaterThanOrEqual(expected.pHold ?? 0.9);
        if (expected.outcome === 'fails') expect(passes / runs).toBeLessThanOrEqual(expected.pFail ?? 0.1);
      });
    }
  }
});

describe('U1 in detail', () => {
  it('the reference is Δ(1 − d/n) above n = d and 0 below', () => {
    expect(leastSquaresTrainingError(0.25, 100, 50)).toBeCloseTo(0.125, 15);
    expect(leastSquaresTrainingError(0.25, 25, 50)).toBe(0);
    expect(trainingErrorUniversal.reference!({ d: 50, alpha: 4, Delta: 0.5 })!.trainMse).toBeCloseTo(0.375, 15);
  });

  it('interpolates below n = d to rounding (exact claim, every trial), and its measured mean sits on Δ(1 − d/n) above', async () => {
    const below = trainingErrorUniversal.ladders.small.find((r) => r.params.alpha < 1)!;
    expect(below.expected).toMatchObject({ outcome: 'holds', pHold: 1 });
    const { results } = await rungRate(trainingErrorUniversal, { ...below, runs: 2 });
    for (const r of results) expect(r.observables!.trainMse).toBeLessThan(1e-25);
    const above = trainingErrorUniversal.ladders.small.find((r) => r.params.alpha === 2 && r.params.lambda === 0)!;
    const { results: fits } = await rungRate(trainingErrorUniversal, { ...above, runs: 3 });
    // 3 trials of 50 datasets: the mean of their means lies within a few of its standard errors (≈ 0.0025) of 0.125.
    const mean = fits.reduce((s, r) => s + r.observables!.trainMse, 0) / fits.length;
    expect(Math.abs(mean - 0.125)).toBeLessThan(0.01);
  });
});

describe('U2 in detail', () => {
  it('the reference difference is 0 only in the universal setting', () => {
    expect(testErrorUniversal.reference!({ d: 200, alpha: 1, lambda: 0.1, aligned: 0, sigmaMinus: 1 })).toEqual({ diff: 0 });
    expect(testErrorUniversal.reference!({ d: 200, alpha: 1, lambda: 0.1, aligned: 1, sigmaMinus: 3 })).toBeUndefined();
  });

  it('the structured mixture is harder than its Gaussian twin (the sign of the breakdown)', async () => {
    const fails = testErrorUniversal.ladders.small.find((r) => r.expected.outcome === 'fails')!;
    const { results } = await rungRate(testErrorUniversal, { ...fails, runs: 3 });
    // The mixture's heavier cluster (Σ₋ = 9I) along θ costs ridge more than the Gaussian spreads it (diff > 0).
    for (const r of results) expect(r.observables!.diff).toBeGreaterThan(0);
  });

  it('rejects parameters outside the claim with the field named', () => {
    expect(() => testErrorUniversal.instance({ d: 200, alpha: 1, aligned: 2 })).toThrow(/params\.aligned/);
    expect(() => trainingErrorUniversal.instance({ d: 50, alpha: -1 })).toThrow(/params\.alpha/);
  });
});
