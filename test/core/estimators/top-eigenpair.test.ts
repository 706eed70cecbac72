import { describe, expect, it } from 'vitest';
import { topEigenpair } from '../../../src/core/estimators/top-eigenpair';
import { dense, symEig } from '../../../src/core/linalg';
import { gemmNT } from '../../../src/core/linalg/gemm';
import { stream } from '../../../src/core/rng';

const EPS = Number.EPSILON;

function residual(A: Float64Array, n: number, value: number, v: Float64Array): number {
  let r = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * v[j];
    r += (s - value * v[i]) ** 2;
  }
  return Math.sqrt(r);
}

function symmetric(n: number, seed: number, shift = 0): Float64Array {
  const G = stream(`sym/${seed}`).normals(n * n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = 0.5 * (G[i * n + j] + G[j * n + i]) + (i === j ? shift : 0);
  return A;
}

describe('topEigenpair', () => {
  it('matches the full eigendecomposition on Wishart and indefinite matrices, to n·ε·‖A‖', () => {
    for (const n of [1, 2, 3, 10, 33, 64]) {
      const B = stream(`w/${n}`).normals(n * 2 * n);
      for (const A of [gemmNT(n, n, 2 * n, B, B, new Float64Array(n * n)), symmetric(n, n, -2)]) {
        const ref = symEig(dense(n, n, A));
        const norm = Math.max(Math.abs(ref.values[0]), Math.abs(ref.values[n - 1]));
        const { value, vector } = topEigenpair(A, n);
        expect(Math.abs(value - ref.values[n - 1])).toBeLessThan(10 * n * EPS * norm);
        expect(residual(A, n, value, vector)).toBeLessThan(10 * n * EPS * norm);
        expect(Math.abs(vector.reduce((s, v) => s + v * v, 0) - 1)).toBeLessThan(10 * EPS);
        if (n > 1) {
          // A unit vector with a small residual is the top eigenvector up to (residual/gap).
          let c = 0;
          for (let i = 0; i < n; i++) c += vector[i] * ref.vectors.data[i * n + n - 1];
          const gap = ref.values[n - 1] - ref.values[n - 2];
          expect(1 - Math.abs(c)).toBeLessThan(((100 * n * EPS * norm) / gap) ** 2 + 10 * EPS);
        }
      }
    }
  });

  it('handles matrices that are already tridiagonal or diagonal, and a repeated top eigenvalue', () => {
    const D = dense(4, 4, [2, 0, 0, 0, 0, 5, 0, 0, 0, 0, -1, 0, 0, 0, 0, 3]).data;
    const top = topEigenpair(D, 4);
    expect(top.value).toBeCloseTo(5, 14);
    expect(Math.abs(top.vector[1])).toBeCloseTo(1, 14);
    const I = dense(3, 3, [1, 0, 0, 0, 1, 0, 0, 0, 1]).data;
    const id = topEigenpair(I, 3);
    expect(id.value).toBeCloseTo(1, 14);
    expect(residual(I, 3, id.value, id.vector)).toBeLessThan(10 * EPS);
    // [[2, 1, 0], [1, 2, 1], [0, 1, 2]]: λ_max = 2 + √2, v ∝ (1, √2, 1).
    const T = dense(3, 3, [2, 1, 0, 1, 2, 1, 0, 1, 2]).data;
    const t = topEigenpair(T, 3);
    expect(t.value).toBeCloseTo(2 + Math.SQRT2, 14);
    expect(Math.abs(t.vector[1] / t.vector[0])).toBeCloseTo(Math.SQRT2, 12);
    expect(topEigenpair(new Float64Array(4), 2).value).toBe(0);
  });

  it('reads only the lower triangle, leaves its input alone, and can skip the vector', () => {
    const A = symmetric(6, 1);
    const copy = A.slice();
    const lower = A.slice();
    for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) lower[i * 6 + j] = 99;
    expect(topEigenpair(lower, 6).value).toBeCloseTo(topEigenpair(A, 6).value, 13);
    expect(Array.from(A)).toEqual(Array.from(copy));
    expect(topEigenpair(A, 6, { vector: false }).vector.length).toBe(0);
    expect(() => topEigenpair(A, 5)).toThrow(/n x n/);
  });
});
