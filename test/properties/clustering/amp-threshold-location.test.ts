// Tests of clustering.amp-threshold-location (properties/clustering/amp-threshold-location.ts): the kit's, then its
// Bayes-optimal reference curve, its band, and the control below λ_alg.
import { describe, expect, it } from 'vitest';
import { ampThresholdLocation, centroidMse, chanceOverlap, errorBand } from '../../../properties/clustering/amp-threshold-location';
import { algorithmicThreshold, spikedPriors } from '../../../properties/clustering/family';
import { stateEvolution } from '../../../src/core/estimators/amp';
import { describeClaim, everyTrialOk, rungRate } from '../../helpers/claim-kit';

describeClaim('clustering', ampThresholdLocation, { untrained: [ampThresholdLocation], perRung: everyTrialOk });

describe('clustering.amp-threshold-location: the curve and the control', () => {
  const lambdaAlg = algorithmicThreshold(0.5, 2);

  it('draws the state-evolution curve: ρ − m_v is ρ below λ_alg and falls above it', () => {
    const below = ampThresholdLocation.reference!({ d: 64, alpha: 2, rho: 0.5, lambdaRatio: 0.5 })!;
    expect(below.overlap).toBeLessThan(1e-6);
    expect(below.mse).toBeCloseTo(0.5, 6);
    const above = ampThresholdLocation.reference!({ d: 64, alpha: 2, rho: 0.5, lambdaRatio: 2 })!;
    expect(Math.abs(above.overlap - 0.634)).toBeLessThan(0.005);
    expect(Math.abs(above.mse - 0.183)).toBeLessThan(0.005);
  });

  it('is the Bayes-optimal curve at ρ = ½, α = 2: state evolution from an informed start reaches the same fixed point', () => {
    for (const ratio of [1.2, 1.5, 2, 3]) {
      const lambda = ratio * lambdaAlg;
      const informed = stateEvolution(lambda, 2, spikedPriors(0.5), { mu0: 1 });
      // Both iterations stop at a change of 1e−12: their fixed points agree far inside the band.
      expect(Math.abs(0.5 - informed.mv - centroidMse(lambda, 2, 0.5)), `λ = ${ratio}λ_alg`).toBeLessThan(1e-6);
    }
  });

  it('holds the error to a band that shrinks like 1/√d, and the overlap to a chance level that shrinks like 1/d', () => {
    expect(errorBand(128, 10) / errorBand(64, 10)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(chanceOverlap(128) / chanceOverlap(64)).toBeCloseTo(0.5, 12);
  });

  it('locates its transition in λ/λ_alg at each d, with λ_alg drawn in', () => {
    expect(ampThresholdLocation.transition).toMatchObject({ x: 'lambdaRatio', by: 'd', value: 1 });
    expect(ampThresholdLocation.plot?.threshold?.value).toBe(1);
  });

  it('the control: at λ_alg/2 no batch median overlap leaves chance, and no trial passes', async () => {
    const control = ampThresholdLocation.ladders.small.find((r) => r.expected.outcome === 'fails')!;
    const { outcomes, passes } = await rungRate(ampThresholdLocation, control);
    expect(passes).toBe(0);
    for (const o of outcomes) expect(o.observables.overlap).toBeLessThan(chanceOverlap(control.params.d));
  });

  it('the holds side: at 3λ_alg every batch sees the spike, on the curve', async () => {
    const holds = ampThresholdLocation.ladders.small.find((r) => r.expected.outcome === 'holds')!;
    const { outcomes, passes, runs } = await rungRate(ampThresholdLocation, holds);
    expect(passes).toBe(runs);
    const mean = outcomes.reduce((s, o) => s + o.observables.deviation, 0) / outcomes.length;
    // The mean of `runs` batch deviations: within three of its standard errors (the band over √runs) of 0.
    expect(Math.abs(mean)).toBeLessThan(errorBand(holds.params.d, holds.params.batch) / Math.sqrt(runs));
  });

  it('rejects parameters outside the claim with the field named', () => {
    expect(() => ampThresholdLocation.instance({ d: 64, alpha: 2, rho: 0, lambdaRatio: 2 })).toThrow(/params\.rho/);
  });
});
