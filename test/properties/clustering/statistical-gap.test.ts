// Tests of clustering.statistical-gap (properties/clustering/statistical-gap.ts): the kit's, then the observed gap
// between the exhaustive search and PCA below λ_alg.
import { describe, expect, it } from 'vitest';
import { statisticalGap } from '../../../properties/clustering/statistical-gap';
import { describeClaim, rungRate } from '../../helpers/claim-kit';

describeClaim('clustering', statisticalGap, {
  untrained: [statisticalGap],
  observeOnly: [statisticalGap],
  // Every trial of an estimator-only check is scored.
  perRung: (_claim, _rung, rate) => expect(rate.outcomes.every((o) => o.status === 'ok')).toBe(true),
});

describe('clustering.statistical-gap: the gap', () => {
  it('C2 (observe): below λ_alg the exhaustive search recovers the spike far more often than PCA', async () => {
    const at = (estimator: number) => statisticalGap.ladders.small.find((r) => r.params.estimator === estimator && r.params.lambdaRatio === 0.7)!;
    const exhaustive = await rungRate(statisticalGap, at(0));
    const pca = await rungRate(statisticalGap, at(1));
    // Measured 0.46 against 0.12 (100 seeds): with 30 trials each, a gap of 0.15 is ≈ 2 standard errors under it.
    expect(exhaustive.passes / exhaustive.runs - pca.passes / pca.runs).toBeGreaterThan(0.15);
  });

  it('gates the controls where the calibration separates them: the search at 0.05·λ_alg for s ≥ 2 at d = 32 to 128, PCA from d = 32', () => {
    const expect_ = (d: number, support: number, lambdaRatio: number, estimator: number) => statisticalGap.expect({ d, alpha: 2, support, lambdaRatio, estimator }).outcome;
    for (const d of [32, 64, 128]) expect(expect_(d, 2, 0.05, 0)).toBe('fails');
    // The search's statistical threshold nears 0.1·λ_alg as d/s grows, and finite size lifts it at small d.
    expect(expect_(64, 2, 0.1, 0)).toBe('observe');
    expect(expect_(256, 2, 0.05, 0)).toBe('observe');
    expect(expect_(64, 1, 0.05, 0)).toBe('observe');
    expect(expect_(16, 2, 0.05, 0)).toBe('observe');
    for (const d of [32, 64, 256]) expect(expect_(d, 2, 0.5, 1)).toBe('fails');
    expect(expect_(8, 2, 0.5, 1)).toBe('observe');
  });

  it('rejects parameters outside the claim with the field named', () => {
    expect(() => statisticalGap.instance({ d: 8, alpha: 2, support: 9, lambdaRatio: 1 })).toThrow(/params\.support/);
  });
});
