import { describe, expect, it } from 'vitest';
import { ridgeErrors, sharpFormulas } from '../../../properties/universality/sharp-formulas';
import type { Trainer } from '../../../src/contract/trainer';
import { referenceTrainer } from '../../../src/core/train/reference';
import { describeClaim, everyTrialOk, rungRate } from '../../helpers/claim-kit';

describeClaim('universality', sharpFormulas, { perRung: everyTrialOk });

/**
 * Values of the paper's repository, lucpoisson/GaussianMixtureUniversality at bcfff6c1, NonUniversality/theory_utils.py:
 * RidgeRegression iterated by StateEvolution (uninformed start, damping 0.5, tolerance 1e−13) on Custom with
 * Ω = Φ = Ψ = s²I (d = 400), teacher θ = √d(cos·u + sin·t), mean = mean0 = √d·μ·u, noise = Δ and regularisation
 * λ·α (its features are x/√d with an unnormalised penalty). Row: α, λ (normalised by n), Δ, μ, s², cos → test, train.
 */
const REPOSITORY: [number, number, number, number, number, number, number, number][] = [
  [0.5, 3, 0.25, 1, 1, 1, 1.309525744, 0.546065367755],
  [2, 3, 0.25, 1, 1, 1, 1.06820876658, 0.838541381279],
  [1, 3, 0.25, 1, 13, 1, 3.38541049459, 0.485418809164],
  [0.5, 0.1, 0.25, 1, 1, 1, 0.906724865325, 0.00646334816998],
  [2, 0.1, 0.25, 1, 1, 0, 0.426783725737, 0.140696209831],
  [1.5, 0.3, 0.5, 2, 2, 0.6, 0.966504870964, 0.231740748628],
];

describe('the sharp formula', () => {
  it('reproduces the repository\'s fixed point', () => {
    // The iteration stops when its overlaps move by < 1e−13 a step: its errors are that close to the fixed point,
    // and the stored values carry 12 digits.
    for (const [alpha, lambda, Delta, mu, s2, cos, test, train] of REPOSITORY) {
      const f = ridgeErrors(alpha, lambda, Delta, mu, s2, cos);
      expect(Math.abs(f.test - test) / test, `test at α = ${alpha}, λ = ${lambda}`).toBeLessThan(1e-10);
      expect(Math.abs(f.train - train) / train, `train at α = ${alpha}, λ = ${lambda}`).toBeLessThan(1e-10);
    }
  });

  it('tends to the errors of w = 0, E y² = s² + μ²cos² + Δ, as λ grows', () => {
    const f = ridgeErrors(2, 1e8, 0.25, 1.5, 2, 0.6);
    const Ey2 = 2 + (1.5 * 0.6) ** 2 + 0.25;
    expect(f.test).toBeCloseTo(Ey2, 6);
    expect(f.train).toBeCloseTo(Ey2, 6);
  });

  it('is the reference of every rung, at the Gaussian of the flipped data (s² = (1 + σ₋²)/2)', () => {
    const ref = sharpFormulas.reference!({ d: 32, alpha: 1, Delta: 0.25, lambda: 3, mu: 1, sigmaMinus: 5, aligned: 1 })!;
    expect(ref.testMse).toBeCloseTo(ridgeErrors(1, 3, 0.25, 1, 13, 1).test, 12);
    expect(ref.trainMse).toBeCloseTo(ridgeErrors(1, 3, 0.25, 1, 13, 1).train, 12);
  });
});

describe('gates and the trainer', () => {
  it('holds for equal covariances at any α; fails for σ₋ = 5 along the means where calibrated', () => {
    const at = (d: number, alpha: number, sigmaMinus: number) => sharpFormulas.expect({ d, alpha, Delta: 0.25, lambda: 3, mu: 1, sigmaMinus, aligned: 1 }).outcome;
    for (const alpha of [0.5, 1, 2, 4]) expect(at(32, alpha, 1)).toBe('holds');
    expect(at(32, 1, 5)).toBe('fails');
    expect(at(32, 2, 5)).toBe('fails');
    expect(at(32, 0.5, 5)).toBe('observe');
    expect(at(64, 0.5, 5)).toBe('fails');
    expect(sharpFormulas.expect({ d: 32, alpha: 1, lambda: 1, sigmaMinus: 5, aligned: 1 }).outcome).toBe('observe');
  });

  it('a trainer whose learning rate is a hundredth of the request\'s stops short of the ridge fit and leaves the band', async () => {
    const slow: Trainer = {
      name: 'slow',
      supports: referenceTrainer.supports,
      train: (r) => referenceTrainer.train({ ...r, algorithm: { ...r.algorithm, lr: r.algorithm.lr / 100 } }),
    };
    const holds = sharpFormulas.ladders.small.find((r) => r.expected.outcome === 'holds')!;
    const { passes, scored } = await rungRate(sharpFormulas, { ...holds, runs: 3 }, { trainer: slow });
    expect(scored).toBe(3);
    expect(passes).toBe(0);
  });
});
