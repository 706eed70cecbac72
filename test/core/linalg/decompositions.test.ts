import { describe, expect, it } from 'vitest';
import { dense, gemmNN, gemmNT, nullSpace, numericalRank, rankTolerance, singularValues, solve, svd, symEig, transpose } from '../../../src/core/linalg';
import { stream } from '../../../src/core/rng';

const gaussian = (rows: number, cols: number, seed: number) => dense(rows, cols, stream(seed).normals(rows * cols));

describe('svd', () => {
  it('reconstructs tall and wide matrices with orthonormal factors, to a tolerance of a few ε·σ_max·size', () => {
    for (const [r, c] of [[6, 3], [3, 6], [4, 4]]) {
      const A = gaussian(r, c, r * 10 + c);
      const { U, s, V } = svd(A);
      const k = Math.min(r, c);
      const US = dense(r, k, U.data.map((v, idx) => v * s[idx % k]));
      const back = gemmNT(r, c, k, US.data, V.data, new Float64Array(r * c));
      const tol = 10 * Math.max(r, c) * Number.EPSILON * s[0];
      back.forEach((v, idx) => expect(Math.abs(v - A.data[idx])).toBeLessThan(tol));
      const VtV = gemmNN(k, k, c, transpose(V).data, V.data, new Float64Array(k * k));
      VtV.forEach((v, idx) => expect(Math.abs(v - (idx % (k + 1) === 0 ? 1 : 0))).toBeLessThan(10 * c * Number.EPSILON));
      for (let i = 1; i < k; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
    }
  });
  it('gives the singular values of a diagonal matrix', () => {
    expect(Array.from(singularValues(dense(2, 2, [3, 0, 0, -4])))).toEqual([4, 3]);
  });
});

describe('symEig', () => {
  it('returns ascending eigenvalues of a hand-computed matrix', () => {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    const { values, vectors } = symEig(dense(2, 2, [2, 1, 1, 2]));
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    expect(Math.abs(vectors.data[0])).toBeCloseTo(Math.SQRT1_2, 14);
  });
});

describe('rank, null space, solve', () => {
  it('counts rank with the σ_max·max(m, n)·ε tolerance', () => {
    const L = gaussian(6, 2, 1);
    const R = gaussian(2, 5, 2);
    const A = dense(6, 5, gemmNN(6, 5, 2, L.data, R.data, new Float64Array(30)));
    expect(numericalRank(A)).toBe(2);
    expect(numericalRank(gaussian(6, 5, 3))).toBe(5);
    expect(rankTolerance([2], 3, 4)).toBe(2 * 4 * Number.EPSILON);
  });
  it('finds an orthonormal null-space basis', () => {
    const A = gaussian(2, 5, 4);
    const N = nullSpace(A);
    expect(N.cols).toBe(3);
    const AN = gemmNN(2, 3, 5, A.data, N.data, new Float64Array(6));
    const scaleA = singularValues(A)[0];
    AN.forEach((v) => expect(Math.abs(v)).toBeLessThan(20 * Number.EPSILON * scaleA));
  });
  it('solves a square system', () => {
    const x = solve(dense(2, 2, [2, 1, 1, 3]), Float64Array.from([3, 5]));
    expect(x[0]).toBeCloseTo(0.8, 14);
    expect(x[1]).toBeCloseTo(1.4, 14);
  });
});
