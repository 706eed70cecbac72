import { describe, expect, it } from 'vitest';
import { kktCertificate, marginGradient } from '../../../src/core/model/kkt';
import { architecture, predict } from '../../../src/core/model/network';
import { stream } from '../../../src/core/rng';
import { expectClose } from '../../helpers/close';

const EPS = Number.EPSILON;

describe('KKT points of the margin problem', () => {
  it('marginGradient is the gradient of Σ λ_i y_i f(x_i; W), checked against central differences', () => {
    const s = stream(3);
    const [d, m, n] = [4, 5, 7];
    const net = architecture({ activation: 'relu', d, m, outputScaling: 'inv-sqrt-m' });
    const W = s.normals(m * d);
    const a = Float64Array.from({ length: m }, (_, j) => (j % 2 ? -1 : 1));
    const X = s.normals(n * d);
    const y = Float64Array.from({ length: n }, (_, i) => (i % 3 ? 1 : -1));
    const lambda = Float64Array.from({ length: n }, (_, i) => 0.5 + i / n);
    const F = (V: Float64Array): number => {
      const f = predict(net, V, a, X, n);
      let v = 0;
      for (let i = 0; i < n; i++) v += lambda[i] * y[i] * f[i];
      return v;
    };
    const g = marginGradient(net, W, a, X, y, n, lambda);
    // F is piecewise linear in each entry: away from a kink the central difference is exact up to rounding,
    // whose size is ε·(Σ|terms|)/h; a kink within h of W would show as an O(1) error.
    const h = 1e-6;
    let scale = 0;
    for (let i = 0; i < n; i++) scale += Math.abs(lambda[i]) * 10;
    for (let k = 0; k < m * d; k++) {
      const up = W.slice();
      const down = W.slice();
      up[k] += h;
      down[k] -= h;
      const fd = (F(up) - F(down)) / (2 * h);
      expect(Math.abs(fd - g[k]), `entry ${k}`).toBeLessThan((8 * EPS * scale) / h);
    }
  });

  it('a pair of neurons on a label coordinate, the rest zero, is a KKT point with equal multipliers per class', () => {
    // Data closed under x → −x on all but the last coordinate, which is δ·y: each class's mean is δ·y·e_last.
    const s = stream(5);
    const [d, m, half, delta] = [3, 6, 5, 0.1];
    const D = d + 1;
    const n = 2 * half;
    const X = new Float64Array(n * D);
    const y = new Float64Array(n);
    const Z = s.normals(half * d);
    for (let i = 0; i < half; i++) {
      const label = i % 2 ? 1 : -1;
      y[i] = label;
      y[half + i] = label;
      for (let k = 0; k < d; k++) {
        X[i * D + k] = Z[i * d + k];
        X[(half + i) * D + k] = -Z[i * d + k];
      }
      X[i * D + d] = delta * label;
      X[(half + i) * D + d] = delta * label;
    }
    const net = architecture({ activation: 'relu', d: D, m, outputScaling: 'inv-sqrt-m' });
    const a = Float64Array.of(1, -1, 1, -1, 1, -1);
    const W = new Float64Array(m * D);
    W[0 * D + d] = 1;
    W[1 * D + d] = -1;
    const perClass = (label: number): number => y.filter((v) => v === label).length;
    const lambda = Float64Array.from(y, (label) => 1 / perClass(label));
    const kkt = kktCertificate(net, W, a, X, y, n, lambda);
    // The sums cancel exactly in exact arithmetic: what is left is rounding, ε per term of the n-term sums.
    expect(kkt.residual).toBeLessThan(4 * n * EPS);
    expect(kkt.spread).toBeLessThan(4 * EPS);
    expectClose(kkt.minMargin, delta / Math.sqrt(m), 4 * EPS);
    expect(kkt.scale).toBeGreaterThan(0);

    // Unequal multipliers leave the cube coordinates in the sum: no longer stationary.
    const skewed = lambda.map((v, i) => (i < half ? 2 * v : v));
    expect(kktCertificate(net, W, a, X, y, n, skewed).residual).toBeGreaterThan(0.1);
    // A live third neuron that the multipliers cannot produce breaks stationarity too.
    const moved = W.slice();
    moved[2 * D] = 0.5;
    expect(kktCertificate(net, moved, a, X, y, n, lambda).residual).toBeGreaterThan(0.1);
  });
});
