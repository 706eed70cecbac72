import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRows, normStep, polarRows } from '../../../src/core/train/constraints';
import { expectArraysClose, expectClose } from '../../helpers/close';

const matrix = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).chain(([m, d]) =>
  fc.tuple(fc.constant(m), fc.constant(d), fc.float64Array({ minLength: m * d, maxLength: m * d, min: -10, max: 10, noNaN: true, noDefaultInfinity: true })),
);

const rowNorm = (W: Float64Array, d: number, j: number) => Math.hypot(...W.subarray(j * d, (j + 1) * d));

describe('normalizeRows', () => {
  it('sets every nonzero row to the given norm and keeps its direction; zero rows stay zero', () => {
    fc.assert(
      fc.property(matrix, fc.double({ min: 0.1, max: 10, noNaN: true }), ([m, d, W0], norm) => {
        const W = W0.slice();
        normalizeRows(W, m, d, norm);
        for (let j = 0; j < m; j++) {
          const r0 = rowNorm(W0, d, j);
          if (r0 === 0) expect(Array.from(W.subarray(j * d, (j + 1) * d)).every((v) => v === 0)).toBe(true);
          else if (r0 > 1e-150) {
            expectClose(rowNorm(W, d, j), norm, 1e-14);
            for (let k = 0; k < d; k++) expectClose(W[j * d + k], (norm / r0) * W0[j * d + k], 1e-13);
          }
        }
      }),
    );
  });
});

describe('polarRows and normStep', () => {
  it('split W into unit directions and norms that rebuild it', () => {
    const W = Float64Array.from([3, 4, 0, -2]);
    const U = new Float64Array(4);
    const r = new Float64Array(2);
    polarRows(W, 2, 2, U, r);
    expectArraysClose(r, [5, 2], 0);
    expectArraysClose(U, [0.6, 0.8, 0, -1], 1e-15);
  });

  it('moves r_j by −η u_j·g_j, clamps at 0 and rebuilds w_j = r_j u_j (also in place)', () => {
    const U = Float64Array.from([0.6, 0.8, 0, -1]);
    const r = Float64Array.from([5, 2]);
    // u_1·g_1 = 0.6·1 + 0.8·2 = 2.2; u_2·g_2 = −(−3) = 3.
    const g = Float64Array.from([1, 2, 7, -3]);
    const rOut = new Float64Array(2);
    const W = new Float64Array(4);
    normStep(U, r, g, 1, 2, 2, rOut, W);
    expectArraysClose(rOut, [2.8, 0], 1e-15);
    expectArraysClose(W, [1.68, 2.24, 0, 0], 1e-15);
    normStep(U, r, g, 0.5, 2, 2, r, W);
    expectArraysClose(r, [3.9, 0.5], 1e-15);
    expectArraysClose(W, [2.34, 3.12, 0, -0.5], 1e-15);
  });
});
