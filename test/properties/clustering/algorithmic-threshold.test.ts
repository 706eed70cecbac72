// Tests of clustering.algorithmic-threshold (properties/clustering/algorithmic-threshold.ts): the kit's, then its
// reference curves and the batch medians of its holds rung.
import { describe, expect, it } from 'vitest';
import { algorithmicThresholdClaim } from '../../../properties/clustering/algorithmic-threshold';
import { ampOverlapTheory } from '../../../properties/clustering/family';
import { describeClaim, rungRate } from '../../helpers/claim-kit';

describeClaim('clustering', algorithmicThresholdClaim, {
  untrained: [algorithmicThresholdClaim],
  // Every trial of an estimator-only check is scored.
  perRung: (_claim, _rung, rate) => expect(rate.outcomes.every((o) => o.status === 'ok')).toBe(true),
});

describe('the reference curves of C1', () => {
  it('give the PCA formula and AMP state evolution of CLAIMS C', () => {
    const ref = algorithmicThresholdClaim.reference!({ d: 64, alpha: 2, rho: 0.5, lambdaRatio: 2 })!;
    expect(ref.pca).toBeCloseTo(0.554, 3);
    expect(Math.abs(ref.amp - 0.632)).toBeLessThan(0.005);
    const below = algorithmicThresholdClaim.reference!({ d: 64, alpha: 2, rho: 0.5, lambdaRatio: 0.5 })!;
    expect(below.pca).toBe(0);
    expect(below.amp).toBeLessThan(1e-6);
    expect(ampOverlapTheory(3 * Math.SQRT2, 2, 0.5)).toBeGreaterThan(ref.amp);
    expect(algorithmicThresholdClaim.reference!({ d: 256, alpha: 2, rho: 0.5, lambdaRatio: 2, amp: 0 })!.amp).toBeUndefined();
  });

  it('the holds rung measures batch medians on the curves (mean deviation of 4 batches within 0.06)', async () => {
    const holds = algorithmicThresholdClaim.ladders.small.find((r) => r.expected.outcome === 'holds')!;
    const ref = algorithmicThresholdClaim.reference!(holds.params)!;
    const { outcomes } = await rungRate(algorithmicThresholdClaim, { ...holds, runs: 4 });
    // A batch median deviates by 0.03–0.035 rms (measured): 0.06 is over 3 standard errors of a mean of 4.
    const mean = (f: (o: (typeof outcomes)[number]) => number) => outcomes.reduce((s, o) => s + f(o), 0) / outcomes.length;
    expect(Math.abs(mean((o) => o.observables.pca - o.observables.pcaTheory))).toBeLessThan(0.06);
    expect(Math.abs(mean((o) => o.observables.amp - ref.amp))).toBeLessThan(0.06);
    // The realised β scatters around λρ: its curve stays near the population one.
    expect(Math.abs(mean((o) => o.observables.pcaTheory - ref.pca))).toBeLessThan(0.06);
  });

  it('rejects parameters outside the claim with the field named', () => {
    expect(() => algorithmicThresholdClaim.instance({ d: 64, alpha: 2, rho: 1.5, lambdaRatio: 2 })).toThrow(/params\.rho/);
  });
});
