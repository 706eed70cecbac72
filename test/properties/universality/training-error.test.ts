import { describe, expect, it } from 'vitest';
import { leastSquaresTrainingError, trainingErrorUniversal } from '../../../properties/universality/training-error';
import { describeClaim, rungRate } from '../../helpers/claim-kit';

describeClaim('universality', trainingErrorUniversal, {
  untrained: [trainingErrorUniversal],
  perRung: (_claim, _rung, rate) => expect(rate.outcomes.every((o) => o.status === 'ok')).toBe(true),
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
    const { outcomes } = await rungRate(trainingErrorUniversal, below, { runs: 2 });
    for (const r of outcomes) expect(r.observables.trainMse).toBeLessThan(1e-25);
    const above = trainingErrorUniversal.ladders.small.find((r) => r.params.alpha === 2 && r.params.lambda === 0)!;
    const { outcomes: fits } = await rungRate(trainingErrorUniversal, above, { runs: 3 });
    // 3 trials of 50 datasets: the mean of their means lies within a few of its standard errors (≈ 0.0025) of 0.125.
    const mean = fits.reduce((s, r) => s + r.observables.trainMse, 0) / fits.length;
    expect(Math.abs(mean - 0.125)).toBeLessThan(0.01);
  });

  it('rejects parameters outside the claim with the field named', () => {
    expect(() => trainingErrorUniversal.instance({ d: 50, alpha: -1 })).toThrow(/params\.alpha/);
  });
});
