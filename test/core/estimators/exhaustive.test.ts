import { describe, expect, it } from 'vitest';
import { exhaustiveSupport, lambdaMax, supportEigenvector } from '../../../src/core/estimators/exhaustive';
import { dense, symEig } from '../../../src/core/linalg';
import { gemmNT } from '../../../src/core/linalg/gemm';
import { stream } from '../../../src/core/rng';

describe('lambdaMax of a small symmetric matrix', () => {
  it('matches the full eigendecomposition for s = 1..6 (closed forms up to 2, Jacobi above)', () => {
    for (let s = 1; s <= 6; s++) {
      const G = stream(`lm/${s}`).normals(s * 3 * s);
      const S = gemmNT(s, s, 3 * s, G, G, new Float64Array(s * s));
      const ref = symEig(dense(s, s, S)).values[s - 1];
      expect(Math.abs(lambdaMax(S, s) - ref)).toBeLessThan(10 * s * Number.EPSILON * ref);
    }
    // Indefinite 3 x 3 with a known spectrum: [[2, 1, 0], [1, 2, 1], [0, 1, 2]] − 3I has λ_max = √2 − 1.
    expect(lambdaMax(new Float64Array([-1, 1, 0, 1, -1, 1, 0, 1, -1]), 3)).toBeCloseTo(Math.SQRT2 - 1, 14);
  });
});

describe('exhaustiveSupport', () => {
  it('searches all C(d, s) supports and returns the one with the largest λ_max(Y_S Y_Sᵀ) (brute force at d = 7, s = 3)', () => {
    const d = 7;
    const n = 9;
    const Y = stream('ex').normals(d * n);
    const out = exhaustiveSupport(Y, d, n, 3);
    expect(out.searched).toBe(35);
    const G = gemmNT(d, d, n, Y, Y, new Float64Array(d * d));
    let best = -Infinity;
    let bestSupport: number[] = [];
    for (let a = 0; a < d; a++)
      for (let b = a + 1; b < d; b++)
        for (let c = b + 1; c < d; c++) {
          const S = [a, b, c];
          const sub = dense(3, 3, S.flatMap((i) => S.map((j) => G[i * d + j])));
          const v = symEig(sub).values[2];
          if (v > best) {
            best = v;
            bestSupport = S;
          }
        }
    expect(out.support).toEqual(bestSupport);
    expect(Math.abs(out.score - best)).toBeLessThan(1e-12 * best);
  });

  it('finds a planted sparse spike', () => {
    const d = 30;
    const n = 60;
    const Y = stream('plant').normals(d * n);
    const u = stream('labels').normals(n).map(Math.sign);
    for (const [i, v] of [[4, 3], [17, -2.5]]) for (let j = 0; j < n; j++) Y[i * n + j] += v * u[j];
    expect(exhaustiveSupport(Y, d, n, 2).support).toEqual([4, 17]);
    expect(() => exhaustiveSupport(Y, d, n, 0)).toThrow(/s must/);
  });
});

describe('supportEigenvector', () => {
  it('is the unit top eigenvector of Y_S Y_Sᵀ on S, zero off S (against the full eigendecomposition)', () => {
    const d = 9;
    const n = 12;
    const Y = stream('support-eig').normals(d * n);
    const S = [1, 4, 7];
    const v = supportEigenvector(Y, d, n, S);
    expect(v.length).toBe(d);
    for (let i = 0; i < d; i++) if (!S.includes(i)) expect(v[i]).toBe(0);
    const G = gemmNT(d, d, n, Y, Y, new Float64Array(d * d));
    const eig = symEig(dense(3, 3, S.flatMap((i) => S.map((j) => G[i * d + j]))));
    const top = [0, 1, 2].map((k) => eig.vectors.data[k * 3 + 2]);
    const sign = Math.sign(S.reduce((acc, row, k) => acc + v[row] * top[k], 0));
    S.forEach((row, k) => expect(Math.abs(v[row] - sign * top[k])).toBeLessThan(1e-10));
    expect(Math.hypot(...v)).toBeCloseTo(1, 12);
  });
});
