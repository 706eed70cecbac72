import { describe, expect, it } from 'vitest';
import { dense, nullSpace, singularValues } from '../../../src/core/linalg';
import { leastSquares, meanSquaredResidual, ridge, ridgeWithIntercept } from '../../../src/core/linalg/least-squares';
import { stream } from '../../../src/core/rng';

const EPS = Number.EPSILON;

function gaussian(n: number, d: number, seed: number): Float64Array {
  return stream(`ls/${seed}`).normals(n * d);
}

function matVec(X: Float64Array, n: number, d: number, w: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) out[i] += X[i * d + a] * w[a];
  return out;
}

function matTVec(X: Float64Array, n: number, d: number, r: ArrayLike<number>): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) out[a] += X[i * d + a] * r[i];
  return out;
}

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

function condition(X: Float64Array, n: number, d: number): number {
  const s = singularValues(dense(n, d, X));
  return s[0] / s[s.length - 1];
}

describe('leastSquares, n ≥ d (QR)', () => {
  it('recovers w* from consistent data to κ(X)·n·ε', () => {
    for (const [n, d] of [[8, 8], [30, 7], [200, 50]]) {
      const X = gaussian(n, d, n + d);
      const wStar = stream(`w/${d}`).normals(d);
      const fit = leastSquares(X, n, d, matVec(X, n, d, wStar));
      expect(fit.method).toBe('qr');
      expect(fit.rank).toBe(d);
      const kappa = condition(X, n, d);
      // The estimate is a lower bound on κ (power iterations), within a factor 2 of it on these draws.
      expect(fit.cond).toBeLessThanOrEqual(kappa * (1 + 1e-8));
      expect(fit.cond).toBeGreaterThan(kappa / 2);
      const err = norm(fit.w.map((v, a) => v - wStar[a])) / norm(wStar);
      expect(err).toBeLessThan(10 * n * EPS * kappa);
    }
  });

  it('leaves a residual orthogonal to the columns (the normal equations), with the χ² training error of the noise', () => {
    const n = 120;
    const d = 15;
    const X = gaussian(n, d, 1);
    const xi = stream('xi').normals(n);
    const y = matVec(X, n, d, stream('w').normals(d)).map((v, i) => v + xi[i]);
    const { w } = leastSquares(X, n, d, y);
    const r = y.map((v, i) => v - matVec(X, n, d, w)[i]);
    const g = matTVec(X, n, d, r);
    // Xᵀr = 0 up to rounding of order n·ε·‖X‖²‖w‖.
    const sMax = singularValues(dense(n, d, X))[0];
    expect(norm(g)).toBeLessThan(10 * n * EPS * sMax * sMax * (norm(w) + 1));
    // The training error is ‖(I − P)ξ‖²/n: the squared norm of ξ minus its projection on the column space.
    const { w: wXi } = leastSquares(X, n, d, xi);
    const projected = matVec(X, n, d, wXi);
    const expected = (norm(xi) ** 2 - norm(projected) ** 2) / n;
    expect(Math.abs(meanSquaredResidual(X, n, d, y, w) - expected)).toBeLessThan(100 * n * EPS * (norm(y) ** 2 / n));
  });
});

describe('leastSquares, n < d (minimum norm through the QR of Xᵀ)', () => {
  it('interpolates, and its solution lies in the row space of X (orthogonal to the null space)', () => {
    for (const [n, d] of [[1, 3], [5, 12], [25, 50]]) {
      const X = gaussian(n, d, 100 + n);
      const y = stream(`y/${n}`).normals(n);
      const fit = leastSquares(X, n, d, y);
      expect(fit.method).toBe('qr');
      expect(fit.rank).toBe(n);
      const kappa = condition(X, n, d);
      const r = y.map((v, i) => v - matVec(X, n, d, fit.w)[i]);
      expect(norm(r) / norm(y)).toBeLessThan(10 * d * EPS * kappa);
      const N = nullSpace(dense(n, d, X));
      expect(N.cols).toBe(d - n);
      for (let c = 0; c < N.cols; c++) {
        let s = 0;
        for (let a = 0; a < d; a++) s += N.data[a * N.cols + c] * fit.w[a];
        expect(Math.abs(s)).toBeLessThan(10 * d * EPS * kappa * norm(fit.w));
      }
    }
  });

  it('agrees with the explicit pseudo-inverse Xᵀ(XXᵀ)⁻¹y', () => {
    const n = 4;
    const d = 9;
    const X = gaussian(n, d, 7);
    const y = stream('y7').normals(n);
    // c = (XXᵀ)⁻¹y by elimination on the 4 x 4 Gram matrix.
    const K = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let a = 0; a < d; a++) K[i * n + j] += X[i * d + a] * X[j * d + a];
    const c = gaussSolve(K, n, y.slice());
    const expected = matTVec(X, n, d, c);
    const { w } = leastSquares(X, n, d, y);
    w.forEach((v, a) => expect(Math.abs(v - expected[a])).toBeLessThan(1e-12 * norm(expected)));
  });
});

describe('leastSquares on rank-deficient X (SVD fallback)', () => {
  it('detects a duplicated column and returns the minimum-norm solution', () => {
    const n = 10;
    const col = stream('col').normals(n);
    const X = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      X[i * 2] = col[i];
      X[i * 2 + 1] = col[i];
    }
    const y = stream('yd').normals(n);
    const fit = leastSquares(X, n, 2, y);
    expect(fit.method).toBe('svd');
    expect(fit.rank).toBe(1);
    // Minimum norm splits the coefficient c = aᵀy/aᵀa of the single direction evenly.
    const c = col.reduce((s, v, i) => s + v * y[i], 0) / col.reduce((s, v) => s + v * v, 0);
    expect(Math.abs(fit.w[0] - c / 2)).toBeLessThan(1e-13 * Math.abs(c));
    expect(Math.abs(fit.w[1] - c / 2)).toBeLessThan(1e-13 * Math.abs(c));
  });

  it('returns zero for a zero matrix', () => {
    const fit = leastSquares(new Float64Array(6), 3, 2, new Float64Array([1, 2, 3]));
    expect(fit.rank).toBe(0);
    expect(Array.from(fit.w)).toEqual([0, 0]);
  });
});

describe('ridge (penalty normalised by n)', () => {
  it('solves (XᵀX + nλI)w = Xᵀy in the primal (n ≥ d) and the dual (n < d)', () => {
    for (const [n, d] of [[40, 10], [10, 40]]) {
      const X = gaussian(n, d, 300 + n);
      const y = stream(`yr/${n}`).normals(n);
      const lambda = 0.3;
      const w = ridge(X, n, d, y, lambda);
      // Stationarity of (1/n)‖Xw − y‖² + λ‖w‖²: Xᵀ(Xw − y) + nλw = 0.
      const g = matTVec(X, n, d, matVec(X, n, d, w).map((v, i) => v - y[i]));
      const scale = n * (norm(y) + norm(w));
      g.forEach((v, a) => expect(Math.abs(v + n * lambda * w[a])).toBeLessThan(1e3 * EPS * scale));
    }
  });

  it('shrinks an orthogonal design by 1/(1 + λ): XᵀX = nI gives w = Xᵀy/(n(1 + λ))', () => {
    const n = 6;
    const d = 3;
    // Columns √n·e_1.., √n·e_3 restricted to the first rows: XᵀX = nI.
    const X = new Float64Array(n * d);
    for (let a = 0; a < d; a++) X[a * d + a] = Math.sqrt(n);
    const y = new Float64Array([1, -2, 3, 4, 5, 6]);
    const lambda = 0.5;
    const w = ridge(X, n, d, y, lambda);
    for (let a = 0; a < d; a++) expect(Math.abs(w[a] - (Math.sqrt(n) * y[a]) / (n * (1 + lambda)))).toBeLessThan(1e-15 * 10);
  });

  it('tends to least squares as λ → 0', () => {
    const n = 50;
    const d = 8;
    const X = gaussian(n, d, 9);
    const y = stream('y9').normals(n);
    const { w } = leastSquares(X, n, d, y);
    const wr = ridge(X, n, d, y, 1e-12);
    wr.forEach((v, a) => expect(Math.abs(v - w[a])).toBeLessThan(1e-9));
  });

  it('fits an unpenalised intercept: residuals sum to zero and an offset is recovered', () => {
    const n = 80;
    const d = 5;
    const X = gaussian(n, d, 11);
    const wStar = stream('w11').normals(d);
    const y = matVec(X, n, d, wStar).map((v) => v + 3);
    const { w, b } = ridgeWithIntercept(X, n, d, y, 1e-12);
    expect(Math.abs(b - 3)).toBeLessThan(1e-9);
    w.forEach((v, a) => expect(Math.abs(v - wStar[a])).toBeLessThan(1e-9));
    const fit = ridgeWithIntercept(X, n, d, stream('y11').normals(n), 0.7);
    const pred = matVec(X, n, d, fit.w);
    const y2 = stream('y11').normals(n);
    const sum = y2.reduce((s, v, i) => s + v - pred[i] - fit.b, 0);
    expect(Math.abs(sum)).toBeLessThan(1e3 * n * EPS);
  });

  it('rejects a non-positive λ and mismatched shapes, naming the problem', () => {
    expect(() => ridge(new Float64Array(4), 2, 2, new Float64Array(2), 0)).toThrow(/lambda/);
    expect(() => leastSquares(new Float64Array(5), 2, 2, new Float64Array(2))).toThrow(/X must have/);
    expect(() => leastSquares(new Float64Array(4), 2, 2, new Float64Array(3))).toThrow(/y must have/);
  });
});

/** Gaussian elimination with partial pivoting on a small dense system (test helper). */
function gaussSolve(A: Float64Array, n: number, b: Float64Array): Float64Array {
  const M = A.slice();
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(M[i * n + k]) > Math.abs(M[p * n + k])) p = i;
    for (let j = 0; j < n; j++) [M[k * n + j], M[p * n + j]] = [M[p * n + j], M[k * n + j]];
    [b[k], b[p]] = [b[p], b[k]];
    for (let i = k + 1; i < n; i++) {
      const f = M[i * n + k] / M[k * n + k];
      for (let j = k; j < n; j++) M[i * n + j] -= f * M[k * n + j];
      b[i] -= f * b[k];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= M[i * n + j] * b[j];
    b[i] = s / M[i * n + i];
  }
  return b;
}
