import { describe, expect, it } from 'vitest';
import { corralAffineMinimiser, corralAppend, corralRemove, createCorral, type CorralFactor } from '../../../src/core/linalg/corral-cholesky';
import { stream } from '../../../src/core/rng';
import { expectClose } from '../../helpers/close';

/** A random positive-definite n x n matrix H = A Aᵀ + I. */
function spd(n: number, seed: number): Float64Array {
  const A = stream(seed).normals(n * n);
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? 1 : 0;
    for (let k = 0; k < n; k++) s += A[i * n + k] * A[j * n + k];
    H[i * n + j] = s;
  }
  return H;
}

function append(F: CorralFactor, H: Float64Array, n: number, j: number): boolean {
  return corralAppend(F, j, F.S.map((s) => H[s * n + j]), H[j * n + j]);
}

/** max |(L Lᵀ)_rc − H_{S_r S_c}| over the corral. */
function factorError(F: CorralFactor, H: Float64Array, n: number): number {
  const { L, capacity: c, S } = F;
  let worst = 0;
  for (let r = 0; r < S.length; r++) for (let q = 0; q < S.length; q++) {
    let v = 0;
    for (let k = 0; k <= Math.min(r, q); k++) v += L[r * c + k] * L[q * c + k];
    worst = Math.max(worst, Math.abs(v - H[S[r] * n + S[q]]));
  }
  return worst;
}

describe('corral Cholesky factor', () => {
  it('stays a factor of H_SS through appends and removals anywhere in the corral', () => {
    const n = 12;
    const H = spd(n, 1);
    const F = createCorral(n);
    for (let j = 0; j < 8; j++) expect(append(F, H, n, j)).toBe(true);
    expect(factorError(F, H, n)).toBeLessThan(1e-12 * n * n);
    corralRemove(F, 3);
    corralRemove(F, 0);
    corralRemove(F, F.S.length - 1);
    expect(F.S).toEqual([1, 2, 4, 5, 6]);
    expect(factorError(F, H, n)).toBeLessThan(1e-12 * n * n);
    for (const j of [9, 11, 0]) expect(append(F, H, n, j)).toBe(true);
    expect(factorError(F, H, n)).toBeLessThan(1e-12 * n * n);
  });

  it('refuses an index whose pivot vanishes (a point in the affine span of the corral)', () => {
    // H = G + 11ᵀ of the points 0, e_1 and e_1 again: the third pivot is 0.
    const H = Float64Array.of(1, 1, 1, 1, 2, 2, 1, 2, 2);
    const F = createCorral(3);
    expect(append(F, H, 3, 0)).toBe(true);
    expect(append(F, H, 3, 1)).toBe(true);
    expect(append(F, H, 3, 2)).toBe(false);
    expect(F.S).toEqual([0, 1]);
  });

  it('gives the affine minimiser: Σμ = 1 and (H_SS μ)_s equal for every s', () => {
    const n = 7;
    const H = spd(n, 2);
    const F = createCorral(n);
    for (let j = 0; j < n; j++) append(F, H, n, j);
    const mu = corralAffineMinimiser(F);
    expectClose(mu.reduce((a, b) => a + b, 0), 1, 1e-13);
    const Hmu = F.S.map((s) => F.S.reduce((acc, t, k) => acc + H[s * n + t] * mu[k], 0));
    for (const v of Hmu) expectClose(v, Hmu[0], 1e-11);
  });
});
