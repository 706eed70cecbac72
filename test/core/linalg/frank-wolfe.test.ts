import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { positiveMargin } from '../../../src/core/linalg/frank-wolfe';
import { minNormHull } from '../../../src/core/linalg/min-norm-hull';
import { stream } from '../../../src/core/rng';
import { expectClose } from '../../helpers/close';

describe('positiveMargin: closed forms', () => {
  it('one point: γ₊ = ‖p₊‖ (the best r ≥ 0 keeps the positive part)', () => {
    const h = positiveMargin(Float64Array.of(3, -2, 4, -1), 1, 4);
    expectClose(h.upper, 5, 1e-15);
    expectClose(h.lower, 5, 1e-15);
  });

  it('the sign constraint binds: p1 = (2, −1, 0), p2 = (0, −1, 2) give γ₊ = √2 < γ_svm = √3', () => {
    const P = Float64Array.of(2, -1, 0, 0, -1, 2);
    const h = positiveMargin(P, 2, 3, { tol: 1e-12 });
    expect(h.converged).toBe(true);
    expectClose(h.upper, Math.SQRT2, 1e-12);
    expectClose(minNormHull(P, 2, 3).upper, Math.sqrt(3), 1e-14);
    // The certifying r is (1, 0, 1)/√2.
    expectClose(h.r[0], Math.SQRT1_2, 1e-10);
    expectClose(h.r[1], 0, 1e-10);
  });

  it('nonnegative points: the constraint is slack, γ₊ equals the SVM margin (standard basis: 1/√n)', () => {
    const n = 6;
    const P = new Float64Array(n * n);
    for (let i = 0; i < n; i++) P[i * n + i] = 1;
    const h = positiveMargin(P, n, n, { tol: 1e-12 });
    expectClose(h.upper, 1 / Math.sqrt(n), 1e-11);
  });

  it('no r ≥ 0 separates when a mixture of the points has no positive part', () => {
    const h = positiveMargin(Float64Array.of(1, -1, -1, 1), 2, 2);
    expect(h.upper).toBe(0);
  });
});

describe('positiveMargin: certificate on random point sets', () => {
  it('r ≥ 0 is a unit vector whose margin is `lower`, lower ≤ upper within the tolerance, and γ₊ ≤ γ_svm', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 2, max: 30 }), fc.integer({ min: 0, max: 1e6 }), (n, m, seed) => {
        const P = stream(seed).normals(n * m);
        for (let i = 0; i < n; i++) P[i * m] += 2;
        const tol = 1e-7;
        const h = positiveMargin(P, n, m, { tol });
        expect(h.converged).toBe(true);
        if (h.upper === 0) {
          // Not separable by r ≥ 0: λ mixes the points into z whose positive part is at the solver's
          // rounding level, ‖z₊‖² ≤ 4mε·max‖p‖².
          let maxNorm2 = 0;
          for (let i = 0; i < n; i++) maxNorm2 = Math.max(maxNorm2, P.subarray(i * m, (i + 1) * m).reduce((a, v) => a + v * v, 0));
          let q = 0;
          for (let j = 0; j < m; j++) {
            let z = 0;
            for (let i = 0; i < n; i++) z += h.lambda[i] * P[i * m + j];
            if (z > 0) q += z * z;
          }
          expect(q).toBeLessThanOrEqual(4 * m * Number.EPSILON * maxNorm2 * (1 + 1e-9));
          return;
        }
        expect(h.upper - h.lower).toBeLessThanOrEqual(Math.max(tol, 1e-12));
        let rr = 0;
        for (const v of h.r) {
          expect(v).toBeGreaterThanOrEqual(0);
          rr += v * v;
        }
        expectClose(rr, 1, 1e-12);
        let minMargin = Infinity;
        for (let i = 0; i < n; i++) {
          let g = 0;
          for (let j = 0; j < m; j++) g += P[i * m + j] * h.r[j];
          minMargin = Math.min(minMargin, g);
        }
        expectClose(minMargin, h.lower, 1e-12);
        expect(h.lower).toBeLessThanOrEqual(minNormHull(P, n, m).upper + 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('stops at the relative certificate when asked', () => {
    const P = stream(3).normals(40 * 60);
    for (let i = 0; i < 40; i++) P[i * 60] += 1;
    const h = positiveMargin(P, 40, 60, { tol: 0, relTol: 1e-3 });
    expect(h.converged).toBe(true);
    expect(h.gap).toBeLessThanOrEqual(1e-3 * h.upper);
  });
});
