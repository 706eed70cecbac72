import { describe, expect, it } from 'vitest';
import { gaussianRidgeRisk } from '../../../src/core/estimators/ridge-equivalent';

/** p x p diagonal matrix. */
function diagonal(values: number[]): Float64Array {
  const p = values.length;
  const M = new Float64Array(p * p);
  values.forEach((v, k) => (M[k * p + k] = v));
  return M;
}

describe('gaussianRidgeRisk (the deterministic equivalent of ridge)', () => {
  it('gives the noise inflated by 1/(1 − p/n) for isotropic features and a vanishing penalty', () => {
    // Ω = I_p, y = ε: the ridgeless risk of ordinary least squares, σ² n/(n − p) (here σ² = 1).
    const p = 20;
    const n = 100;
    expect(gaussianRidgeRisk(diagonal(Array(p).fill(1)), p, new Float64Array(p), 1, n, 1e-10)).toBeCloseTo(1 / (1 - p / n), 6);
  });

  it('tends to the unexplained variance plus the penalty\'s shrinkage bias when n is large', () => {
    // Ω = diag(1, 4), c = Ωβ with β = (1, 1): explained variance βᵀΩβ = 5, σ² = 6 − 5 = 1. With n → ∞, κ → λ and
    // the bias is λ² Σ β_k² ω_k/(ω_k + λ)².
    const lambda = 0.5;
    const bias = lambda ** 2 * (1 / (1 + lambda) ** 2 + 4 / (4 + lambda) ** 2);
    expect(gaussianRidgeRisk(diagonal([1, 4]), 2, new Float64Array([1, 4]), 6, 1e9, lambda)).toBeCloseTo(1 + bias, 6);
  });

  it('rejects a non-positive penalty and mismatched shapes', () => {
    expect(() => gaussianRidgeRisk(diagonal([1]), 1, new Float64Array(1), 1, 10, 0)).toThrow(/lambda/);
    expect(() => gaussianRidgeRisk(diagonal([1, 1]), 1, new Float64Array(1), 1, 10, 1)).toThrow(/Ω/);
  });
});
