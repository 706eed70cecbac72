import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gaussianInputs, gaussianMatrix } from '../../../src/core/data/gaussian';
import { dense, frobenius, gemmNN, numericalRank, singularValues, symEig } from '../../../src/core/linalg';
import {
  barrier,
  bestMultiple,
  bestRankApprox,
  eigenvalues,
  featureDim,
  featureMatrix,
  fitBlindStudent,
  gram,
  indistinguishableStudent,
  phi,
  populationRisk,
  psdSqrt,
  quadraticOutputs,
  rankFactor,
  riskOfDelta,
  symOpNorm,
  unvecSym,
  vecSym,
} from '../../../src/core/model/quadratic';
import { stream } from '../../../src/core/rng';

const EPS = Number.EPSILON;
const SEED = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** A teacher Gram matrix A* = W*ᵀW* with W* (m* x d) Gaussian. */
function teacherGram(seed: number, mStar: number, d: number) {
  const W = gaussianMatrix(stream(seed).child('teacher'), mStar, d);
  return { W, A: gram(W, mStar, d) };
}

describe('population risk L = 2‖Δ‖_F² + (tr Δ)²', () => {
  it('matches a Monte Carlo estimate of E(y − f_W(x))² within 4 standard errors', () => {
    for (const [d, m, mStar, seed] of [[1, 1, 2, 1], [3, 2, 4, 2], [5, 7, 6, 3], [4, 4, 4, 4]]) {
      const s = stream(seed);
      const W = gaussianMatrix(s.child('student'), m, d, 0.7);
      const Wstar = gaussianMatrix(s.child('teacher'), mStar, d);
      const M = 40000;
      const X = gaussianInputs(s.child('x'), M, d);
      const f = quadraticOutputs(W, m, d, X, M);
      const y = quadraticOutputs(Wstar, mStar, d, X, M);
      let mean = 0;
      let sq = 0;
      for (let i = 0; i < M; i++) {
        const v = (y[i] - f[i]) ** 2;
        mean += v;
        sq += v * v;
      }
      mean /= M;
      const se = Math.sqrt((sq / M - mean * mean) / (M - 1));
      const L = populationRisk(gram(W, m, d), gram(Wstar, mStar, d), d);
      expect(Math.abs(mean - L), `d=${d}: MC ${mean} ± ${se} vs ${L}`).toBeLessThan(4 * se);
    }
  });

  it('is 0 at the teacher and equals 2‖A*‖_F² + (tr A*)² at W = 0', () => {
    const { A } = teacherGram(5, 6, 3);
    expect(riskOfDelta(new Float64Array(9), 3)).toBe(0);
    let tr = 0;
    for (let j = 0; j < 3; j++) tr += A[j * 3 + j];
    const expected = 2 * frobenius(A) ** 2 + tr * tr;
    expect(Math.abs(populationRisk(new Float64Array(9), A, 3) - expected)).toBeLessThan(4 * 9 * EPS * expected);
  });
});

describe('barrier B(W*) = 2 λ_min(A*)² = 2 σ_min(W*)⁴', () => {
  it('agrees with the smallest singular value of W*, to the eigen/SVD error d·ε·λ_max', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 8 }), SEED, (d, extra, seed) => {
        const mStar = d + extra;
        const { W, A } = teacherGram(seed, mStar, d);
        const s = singularValues(dense(mStar, d, W));
        const lmin = s[d - 1] ** 2;
        const lmax = s[0] ** 2;
        // Both routes give λ_min to an absolute error of order (d + m*)·ε·λ_max; B = 2λ² moves by 4λ·δλ.
        const dl = 10 * (d + mStar) * EPS * lmax;
        expect(Math.abs(barrier(A, d) - 2 * lmin ** 2)).toBeLessThanOrEqual(4 * (lmin + dl) * dl);
      }),
      { numRuns: 50 },
    );
  });

  it('is met with L = 3 λ_min² by the best rank-(d−1) approximation of W* (L/B = 3/2)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 0, max: 8 }), SEED, (d, extra, seed) => {
        const mStar = d + extra;
        const { W, A } = teacherGram(seed, mStar, d);
        const lambda = eigenvalues(A, d);
        const L = populationRisk(gram(bestRankApprox(W, mStar, d, d - 1), mStar, d), A, d);
        // Rounding in A moves Δ by O((d + m*)·ε·λ_max), i.e. L/B relatively by that over λ_min.
        const rel = 20 * (d + mStar) * EPS * (lambda[d - 1] / lambda[0]);
        expect(Math.abs(L / barrier(A, d) - 1.5)).toBeLessThanOrEqual(1.5 * rel + 4 * rel * rel);
      }),
      { numRuns: 50 },
    );
  });
});

describe('Q3 identity: L(c·[I_d; 0]) = 2 Σ_i (λ_i − λ̄)² with c² = tr(A*)/d', () => {
  it('holds to first-order rounding of the eigenvalues', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 5 }), SEED, (d, extra, rows, seed) => {
        const mStar = d + extra;
        const m = d + rows;
        const { A } = teacherGram(seed, mStar, d);
        let tr = 0;
        for (let j = 0; j < d; j++) tr += A[j * d + j];
        const c = Math.sqrt(tr / d);
        const W0 = new Float64Array(m * d);
        for (let j = 0; j < d; j++) W0[j * d + j] = c;
        const L = populationRisk(gram(W0, m, d), A, d);
        const lambda = eigenvalues(A, d);
        const mean = lambda.reduce((a, v) => a + v, 0) / d;
        const spread = 2 * lambda.reduce((a, v) => a + (v - mean) ** 2, 0);
        // Eigenvalues carry absolute errors δλ ≲ d·ε·‖A*‖; the sum moves by ≤ 4 Σ|λ − λ̄| δλ ≤ 4 √(d·L/2) δλ,
        // and forming L from the entries costs another d²·ε·‖A*‖_F².
        const norm = frobenius(A);
        const tol = 4 * Math.sqrt((d * Math.max(L, spread)) / 2) * (4 * d * EPS * norm) + 4 * d * d * EPS * norm * norm;
        expect(Math.abs(L - spread)).toBeLessThanOrEqual(tol);
      }),
      { numRuns: 60 },
    );
  });
});

describe('feature map φ', () => {
  it('satisfies f_W(x) = ‖Wx‖² = ⟨φ(x), vec(WᵀW)⟩', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9 }), SEED, (d, m, seed) => {
        const s = stream(seed);
        const W = gaussianMatrix(s.child('W'), m, d);
        const x = gaussianInputs(s.child('x'), 1, d);
        const f = quadraticOutputs(W, m, d, x, 1)[0];
        const v = vecSym(gram(W, m, d), d);
        const p = phi(x, d);
        let inner = 0;
        for (let k = 0; k < p.length; k++) inner += p[k] * v[k];
        // Both sides are sums of (d + m)-ish products of size ≤ ‖W‖_F² ‖x‖².
        const scale = frobenius(W) ** 2 * frobenius(x) ** 2;
        expect(Math.abs(f - inner)).toBeLessThanOrEqual(4 * (d + m + featureDim(d)) * EPS * scale);
      }),
      { numRuns: 100 },
    );
  });

  it('vecSym is an isometry (‖vec A‖ = ‖A‖_F) and unvecSym inverts it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), SEED, (d, seed) => {
        const G = gaussianMatrix(stream(seed), d, d);
        const A = new Float64Array(d * d);
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) A[i * d + j] = G[i * d + j] + G[j * d + i];
        const v = vecSym(A, d);
        expect(v).toHaveLength(featureDim(d));
        expect(Math.abs(frobenius(v) - frobenius(A))).toBeLessThanOrEqual(4 * d * EPS * frobenius(A));
        const back = unvecSym(v, d);
        back.forEach((b, k) => expect(Math.abs(b - A[k])).toBeLessThanOrEqual(4 * EPS * Math.abs(A[k])));
      }),
    );
  });

  it('orders the features as the upper triangle row by row, off-diagonals × √2', () => {
    expect(Array.from(phi([1, 2, 3], 3))).toEqual([1, 2 * Math.SQRT2, 3 * Math.SQRT2, 4, 6 * Math.SQRT2, 9]);
    expect(featureMatrix(Float64Array.from([1, 2, 3, 4]), 2, 2)).toHaveLength(2 * featureDim(2));
  });
});

describe('best rank-r approximation and factors', () => {
  it('has rank r and Frobenius error √(Σ_{i>r} s_i²) (Eckart–Young)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.nat(8), SEED, (m, d, rr, seed) => {
        const r = Math.min(rr, m, d);
        const W = gaussianMatrix(stream(seed), m, d);
        const Wr = bestRankApprox(W, m, d, r);
        const s = singularValues(dense(m, d, W));
        expect(numericalRank(dense(m, d, Wr))).toBe(r);
        const tail = Math.sqrt(s.slice(r).reduce((a, v) => a + v * v, 0));
        const err = frobenius(W.map((w, k) => w - Wr[k]));
        expect(Math.abs(err - tail)).toBeLessThanOrEqual(10 * (m + d) * EPS * s[0]);
        // The r-row factor has the same Gram matrix.
        const F = rankFactor(W, m, d, r);
        const G1 = gram(F, r, d);
        const G2 = gram(Wr, m, d);
        G1.forEach((g, k) => expect(Math.abs(g - G2[k])).toBeLessThanOrEqual(10 * (m + d) * EPS * s[0] ** 2));
      }),
      { numRuns: 60 },
    );
  });

  it('psdSqrt returns W with WᵀW = A', () => {
    const { A } = teacherGram(3, 7, 5);
    const W = psdSqrt(A, 5);
    const back = gram(W, 5, 5);
    const norm = symOpNorm(A, 5);
    back.forEach((b, k) => expect(Math.abs(b - A[k])).toBeLessThanOrEqual(20 * 5 * EPS * norm));
  });

  it('bestMultiple minimises L along the ray c·A0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), SEED, (d, m, seed) => {
        const { A } = teacherGram(seed, d + 2, d);
        const A0 = gram(gaussianMatrix(stream(seed).child('student'), m, d), m, d);
        const c = bestMultiple(A0, A, d);
        const L = (k: number) => populationRisk(A0.map((a) => k * a), A, d);
        expect(L(c)).toBeLessThanOrEqual(L(c * 1.01) * (1 + 1e-12));
        expect(L(c)).toBeLessThanOrEqual(L(c * 0.99) * (1 + 1e-12));
      }),
    );
  });
});

describe('indistinguishable student (Q4 counterexample)', () => {
  it('for N < N*, differs from the teacher by ‖Δ‖_op = λ_min/2 yet agrees with it on every sample', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 100 }), SEED, (d, frac, seed) => {
        const Ns = featureDim(d);
        const N = Math.max(1, Math.floor((frac / 100) * (Ns - 1)));
        const s = stream(seed);
        const { W: Wstar, A } = teacherGram(seed, d + 1, d);
        const X = gaussianInputs(s.child('x'), N, d);
        const Phi = featureMatrix(X, N, d);
        const lambda = eigenvalues(A, d);
        const cx = indistinguishableStudent(Phi, N, d, A, lambda[0], s.child('null'));
        expect(cx).toBeDefined();
        const { W, Delta } = cx!;
        expect(Math.abs(symOpNorm(Delta, d) - lambda[0] / 2)).toBeLessThanOrEqual(10 * d * EPS * lambda[d - 1]);
        const f = quadraticOutputs(W, d, d, X, N);
        const y = quadraticOutputs(Wstar, d + 1, d, X, N);
        for (let i = 0; i < N; i++) {
          let x2 = 0;
          for (let j = 0; j < d; j++) x2 += X[i * d + j] ** 2;
          // Rounding of both quadratic forms and of the square root: O((d + m*)·ε·λ_max·‖x‖²).
          expect(Math.abs(f[i] - y[i])).toBeLessThanOrEqual(40 * (2 * d + 1) * EPS * lambda[d - 1] * x2);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('does not exist when Φ has full column rank', () => {
    const d = 3;
    const { A } = teacherGram(1, 4, d);
    const X = gaussianInputs(stream(2), 2 * featureDim(d), d);
    expect(indistinguishableStudent(featureMatrix(X, 2 * featureDim(d), d), 2 * featureDim(d), d, A, eigenvalues(A, d)[0], stream(3))).toBeUndefined();
  });
});

describe('fitBlindStudent', () => {
  it('is blind to the chosen direction and has rank < d', () => {
    const d = 4;
    const N = 40;
    const { W: Wstar, A } = teacherGram(9, 6, d);
    const X = gaussianInputs(stream(10), N, d);
    const y = quadraticOutputs(Wstar, 6, d, X, N);
    const { vectors } = symEig(dense(d, d, A));
    const W = fitBlindStudent(X, y, N, d, vectors.data, d, 1);
    const v = new Float64Array(d);
    for (let j = 0; j < d; j++) v[j] = vectors.data[j * d];
    const Wv = gemmNN(d - 1, 1, d, W, v, new Float64Array(d - 1));
    expect(frobenius(Wv)).toBeLessThanOrEqual(10 * d * EPS * frobenius(W));
    expect(numericalRank(dense(d - 1, d, W))).toBeLessThan(d);
  });
});
