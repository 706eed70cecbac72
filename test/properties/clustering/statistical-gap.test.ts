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

  it('rejects parameters outside the claim with the field named', () => {
    expect(() => statisticalGap.instance({ d: 8, alpha: 2, support: 9, lambdaRatio: 1 })).toThrow(/params\.support/);
  });
});
