import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gramOf, minNormHull, minNormHullGram } from '../../../src/core/linalg/min-norm-hull';
import { stream } from '../../../src/core/rng';
import { expectArraysClose, expectClose } from '../../helpers/close';

function identityPoints(n: number): Float64Array {
  const P = new Float64Array(n * n);
  for (let i = 0; i < n; i++) P[i * n + i] = 1;
  return P;
}

/** ⟨p_i, z⟩ for z = Σ λ_k p_k, straight from the points. */
function innerWithMinimiser(P: Float64Array, n: number, D: number, lambda: Float64Array): number[] {
  const z = new Float64Array(D);
  for (let k = 0; k < n; k++) for (let j = 0; j < D; j++) z[j] += lambda[k] * P[k * D + j];
  return Array.from({ length: n }, (_, i) => z.reduce((s, v, j) => s + v * P[i * D + j], 0));
}

describe('minNormHull: cases with a margin known in closed form', () => {
  it('the standard basis e_1..e_n: distance 1/√n at the barycentre', () => {
    for (const n of [1, 2, 5, 40]) {
      const h = minNormHull(identityPoints(n), n, n);
      expect(h.converged).toBe(true);
      expectClose(h.upper, 1 / Math.sqrt(n), 1e-13, `n = ${n}`);
      expectArraysClose(h.lambda, new Float64Array(n).fill(1 / n), 1e-13);
    }
  });

  it('planted margin: p_i = γu + v_i with ±e_j perturbations orthogonal to u has margin exactly γ', () => {
    // u = e_0 in R^D; v_i ∈ {±c e_j : j ≥ 1} (0 is their barycentre), so the hull's nearest point is γu.
    const D = 6;
    const gamma = 0.37;
    const c = 2.5;
    const rows: number[][] = [];
    for (let j = 1; j < D; j++) for (const s of [1, -1]) {
      const p = new Array(D).fill(0);
      p[0] = gamma;
      p[j] = s * c;
      rows.push(p);
    }
    const n = rows.length;
    const h = minNormHull(Float64Array.from(rows.flat()), n, D);
    expect(h.converged).toBe(true);
    expectClose(h.upper, gamma, 1e-12);
    expectClose(h.lower, gamma, 1e-9);
  });

  it('two points: (2, 1), (1, 2) and (3, 3) have nearest point (1.5, 1.5) on the first edge', () => {
    const h = minNormHull(Float64Array.of(2, 1, 1, 2, 3, 3), 3, 2);
    expectClose(h.upper, 1.5 * Math.SQRT2, 1e-14);
    expectArraysClose(h.lambda, [0.5, 0.5, 0], 1e-14);
  });

  it('labelled data y_i x_i on a line: the hard-margin SVM margin is the distance to the closest point', () => {
    // x = ±(t, 1) scaled so y x = (t_i, 1); the margin along e_1 is 1 when every t_i has both signs.
    const ts = [-3, -1, 0.5, 2, 4];
    const h = minNormHull(Float64Array.from(ts.flatMap((t) => [t, 1])), ts.length, 2);
    expectClose(h.upper, 1, 1e-13);
  });

  it('0 in the hull: not separable, distance 0', () => {
    const h = minNormHull(Float64Array.of(1, 0, -1, 0, 0, 1), 3, 2);
    expect(h.converged).toBe(true);
    expect(h.upper).toBe(0);
  });
});

describe('minNormHull: certificate on random point sets', () => {
  it('λ is in the simplex, lower ≤ upper ≤ min_i ‖p_i‖, the gap meets the tolerance, and every ⟨p_i, z⟩ ≥ ‖z‖·lower', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 1e6 }), fc.boolean(), (n, D, seed, shifted) => {
        const s = stream(seed);
        const P = s.normals(n * D);
        // Shifted clouds are separable with a margin of order 1; centred ones usually contain 0.
        if (shifted) for (let i = 0; i < n; i++) P[i * D] += 3;
        const h = minNormHull(P, n, D);
        expect(h.converged).toBe(true);
        let sum = 0;
        for (const l of h.lambda) {
          expect(l).toBeGreaterThanOrEqual(0);
          sum += l;
        }
        expectClose(sum, 1, 1e-12);
        expect(h.lower).toBeLessThanOrEqual(h.upper + 1e-15);
        let maxNorm = 0;
        for (let i = 0; i < n; i++) {
          let q = 0;
          for (let j = 0; j < D; j++) q += P[i * D + j] ** 2;
          expect(h.upper).toBeLessThanOrEqual(Math.sqrt(q) * (1 + 1e-12));
          maxNorm = Math.max(maxNorm, Math.sqrt(q));
        }
        if (h.upper > 0) {
          expect(h.gap).toBeLessThanOrEqual(Math.max(1e-10 * maxNorm, (4 * n * Number.EPSILON * maxNorm * maxNorm) / h.upper));
          const g = innerWithMinimiser(P, n, D, h.lambda);
          for (const gi of g) expect(gi).toBeGreaterThanOrEqual(h.upper * h.lower - 1e-12 * maxNorm * maxNorm);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the Gram form gives the same answer as the points', () => {
    const s = stream(9);
    const n = 30;
    const D = 50;
    const P = s.normals(n * D);
    for (let i = 0; i < n; i++) P[i * D + 3] += 2;
    const a = minNormHull(P, n, D);
    const b = minNormHullGram(gramOf(P, n, D), n);
    expectClose(a.upper, b.upper, 1e-14);
  });
});
