import { describe, expect, it } from 'vitest';
import { hypercubeInputs } from '../../../src/core/data/hypercube';
import { coordinateDirections, sparseParity } from '../../../src/core/data/targets';
import { minNormHull } from '../../../src/core/linalg/min-norm-hull';
import { architecture, predict } from '../../../src/core/model/network';
import { normOnlyFeatures, ntkGram, ntkMargin, ntkMarginOnce } from '../../../src/core/model/ntk';
import { stream } from '../../../src/core/rng';
import { expectArraysClose, expectClose } from '../../helpers/close';

/** The explicit features y_i (1/√K) [1[v_k·x_i ≥ 0] x_i]_k, n x (K d). */
function explicitFeatures(X: Float64Array, y: Float64Array, n: number, d: number, V: Float64Array, K: number): Float64Array {
  const P = new Float64Array(n * K * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) {
    let z = 0;
    for (let j = 0; j < d; j++) z += V[k * d + j] * X[i * d + j];
    if (z >= 0) for (let j = 0; j < d; j++) P[i * K * d + k * d + j] = (y[i] * X[i * d + j]) / Math.sqrt(K);
  }
  return P;
}

describe('NTK features', () => {
  it('the Gram ⟨x, x′⟩·(1/K)Σ_k 1[v_k·x ≥ 0]1[v_k·x′ ≥ 0] equals the Gram of the explicit features', () => {
    const s = stream(1);
    const n = 12;
    const d = 4;
    const K = 16;
    const X = hypercubeInputs(s, n, d);
    const y = sparseParity(X, n, d, coordinateDirections(2, d), 2);
    const V = s.normals(K * d);
    const P = explicitFeatures(X, y, n, d, V, K);
    const G = ntkGram(X, y, n, d, V, K);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let g = 0;
      for (let c = 0; c < K * d; c++) g += P[i * K * d + c] * P[j * K * d + c];
      expectClose(G[i * n + j], g, 1e-14);
    }
  });

  it('γ_ntk is the min-norm distance of the explicit features, and the parity has a positive margin', () => {
    const s = stream(2);
    const n = 20;
    const d = 5;
    const K = 64;
    const X = hypercubeInputs(s.child('x'), n, d);
    const y = sparseParity(X, n, d, coordinateDirections(2, d), 2);
    const once = ntkMarginOnce(X, y, n, d, K, s.child('v'));
    const explicit = minNormHull(explicitFeatures(X, y, n, d, s.child('v').normals(K * d), K), n, K * d);
    expectClose(once.upper, explicit.upper, 1e-12);
    expect(once.lower).toBeGreaterThan(0);
  });

  it('ntkMargin reports the K, the mean and the spread of independent draws', () => {
    const s = stream(3);
    const n = 16;
    const d = 4;
    const X = hypercubeInputs(s.child('x'), n, d);
    const y = sparseParity(X, n, d, coordinateDirections(2, d), 2);
    const e = ntkMargin(X, y, n, d, 128, 4, s.child('v'));
    expect(e.K).toBe(128);
    expect(e.draws).toHaveLength(4);
    expectClose(e.mean, e.draws.reduce((a, b) => a + b, 0) / 4, 1e-15);
    expect(e.sd).toBeGreaterThan(0);
    expect(e.converged).toBe(true);
    expect(new Set(e.draws).size).toBe(4);
  });
});

describe('norm-only features', () => {
  it('⟨r, φ₊(x)⟩ y is the network output y f(x) at W = diag(r) U', () => {
    const s = stream(4);
    const n = 6;
    const d = 3;
    const m = 5;
    const X = s.normals(n * d);
    const y = Float64Array.of(1, -1, 1, 1, -1, -1);
    const W = s.normals(m * d);
    const a = Float64Array.of(1, -1, -1, 1, 1);
    const U = new Float64Array(m * d);
    const r = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      r[j] = Math.hypot(...W.subarray(j * d, (j + 1) * d));
      for (let k = 0; k < d; k++) U[j * d + k] = W[j * d + k] / r[j];
    }
    const P = normOnlyFeatures(X, y, n, d, U, a, m, 1 / Math.sqrt(m));
    const f = predict(architecture({ activation: 'relu', d, m, outputScaling: 'inv-sqrt-m' }), W, a, X, n);
    const yf = Array.from({ length: n }, (_, i) => P.subarray(i * m, (i + 1) * m).reduce((acc, p, j) => acc + p * r[j], 0));
    expectArraysClose(yf, Array.from(f, (v, i) => y[i] * v), 1e-14);
  });
});
