import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { gemmNN, gemmNT, gemmTN, gemv, gemvT } from '../../src/linalg';
import { stream } from '../../src/rng';

// Each entry is a k-term dot product; its rounding error is bounded by k·ε·Σ|a||b| (Higham, §3.1).
function expectProductClose(got: Float64Array, want: Matrix, absA: Matrix, absB: Matrix) {
  const bound = absA.mmul(absB);
  const k = absA.columns;
  for (let i = 0; i < want.rows; i++)
    for (let j = 0; j < want.columns; j++) {
      const err = Math.abs(got[i * want.columns + j] - want.get(i, j));
      expect(err).toBeLessThanOrEqual(2 * k * Number.EPSILON * bound.get(i, j) + Number.MIN_VALUE);
    }
}

const shapes = fc.record({ m: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 9 }), seed: fc.integer({ min: 0, max: 1e6 }) });

describe('gemm kernels against ml-matrix', () => {
  it('gemmNN, gemmNT, gemmTN agree with mmul on random shapes', () => {
    fc.assert(
      fc.property(shapes, ({ m, n, k, seed }) => {
        const s = stream(seed);
        const A = new Matrix(m, k);
        const B = new Matrix(k, n);
        for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) A.set(i, j, s.normal());
        for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) B.set(i, j, s.normal());
        const want = A.mmul(B);
        const absA = A.clone().abs(); // ml-matrix abs() works in place
        const absB = B.clone().abs();
        const a = Float64Array.from(A.to1DArray());
        const b = Float64Array.from(B.to1DArray());
        const bt = Float64Array.from(B.transpose().to1DArray());
        const at = Float64Array.from(A.transpose().to1DArray());
        expectProductClose(gemmNN(m, n, k, a, b, new Float64Array(m * n)), want, absA, absB);
        expectProductClose(gemmNT(m, n, k, a, bt, new Float64Array(m * n)), want, absA, absB);
        expectProductClose(gemmTN(m, n, k, at, b, new Float64Array(m * n).fill(7)), want, absA, absB);
      }),
    );
  });

  it('gemv and gemvT compute A·x and Aᵀ·x (hand-computed)', () => {
    const A = Float64Array.from([1, 2, 3, 4, 5, 6]); // 2 x 3
    expect(Array.from(gemv(2, 3, A, Float64Array.from([1, 0, -1]), new Float64Array(2)))).toEqual([-2, -2]);
    expect(Array.from(gemvT(2, 3, A, Float64Array.from([1, -1]), new Float64Array(3).fill(9)))).toEqual([-3, -3, -3]);
  });

  it('a 2x2 product by hand', () => {
    const C = gemmNN(2, 2, 2, Float64Array.from([1, 2, 3, 4]), Float64Array.from([5, 6, 7, 8]), new Float64Array(4));
    expect(Array.from(C)).toEqual([19, 22, 43, 50]);
  });
});
