import { describe, expect, it } from 'vitest';
import { reluFeatureCovariance, reluTargetCorrelation } from '../../../src/core/estimators/feature-covariance';
import { stream } from '../../../src/core/rng';

describe('reluFeatureCovariance (arc-cosine kernel)', () => {
  it('has the closed forms for equal, opposite and orthogonal rows', () => {
    // Rows (2, 0), (−1, 0), (0, 3): ‖·‖ = 2, 1, 3.
    const W = new Float64Array([2, 0, -1, 0, 0, 3]);
    const raw = reluFeatureCovariance(W, 3, 2, { centered: false });
    const cov = reluFeatureCovariance(W, 3, 2);
    // E[relu(z)²] = 1/2; E[relu(z)relu(−z)] = 0; orthogonal rows are independent: E = ‖u‖‖v‖/(2π).
    expect(raw[0]).toBeCloseTo(4 / 2, 14);
    expect(raw[1]).toBeCloseTo(0, 14);
    expect(raw[2]).toBeCloseTo(6 / (2 * Math.PI), 14);
    // Var relu(z) = 1/2 − 1/(2π); opposite rows: −‖u‖‖v‖/(2π); orthogonal rows: 0.
    expect(cov[0]).toBeCloseTo(4 * (0.5 - 1 / (2 * Math.PI)), 14);
    expect(cov[1]).toBeCloseTo(-2 / (2 * Math.PI), 14);
    expect(cov[2]).toBeCloseTo(0, 14);
    expect(cov[3]).toBe(cov[1]);
  });

  it('matches a Monte Carlo estimate within 5 standard errors per entry', () => {
    const m = 3;
    const d = 4;
    const N = 100_000;
    const W = stream('W').normals(m * d);
    const exact = reluFeatureCovariance(W, m, d, { centered: false });
    const s = stream('x');
    const sum = new Float64Array(m * m);
    const sum2 = new Float64Array(m * m);
    const f = new Float64Array(m);
    for (let t = 0; t < N; t++) {
      const x = s.normals(d);
      for (let j = 0; j < m; j++) {
        let z = 0;
        for (let k = 0; k < d; k++) z += W[j * d + k] * x[k];
        f[j] = Math.max(z, 0);
      }
      for (let j = 0; j < m * m; j++) {
        const v = f[Math.floor(j / m)] * f[j % m];
        sum[j] += v;
        sum2[j] += v * v;
      }
    }
    for (let j = 0; j < m * m; j++) {
      const mean = sum[j] / N;
      const se = Math.sqrt((sum2[j] / N - mean * mean) / N);
      expect(Math.abs(mean - exact[j])).toBeLessThan(5 * se);
    }
  });

  it('gives a zero row a zero feature', () => {
    const C = reluFeatureCovariance(new Float64Array([0, 0, 1, 1]), 2, 2);
    expect(C[0]).toBe(0);
    expect(C[1]).toBe(0);
    expect(() => reluFeatureCovariance(new Float64Array(3), 2, 2)).toThrow(/m·d/);
  });
});

describe('reluTargetCorrelation', () => {
  it('has the closed forms of the Hermite targets 1, z and z² − 1', () => {
    // Rows of norms 2 and 1 at cosines 0.6 and −1 with θ = e1.
    const W = new Float64Array([1.2, 1.6, -1, 0]);
    const theta = new Float64Array([1, 0]);
    const one = reluTargetCorrelation(W, 2, 2, theta, () => 1);
    const z = reluTargetCorrelation(W, 2, 2, theta, (t) => t);
    const he2 = reluTargetCorrelation(W, 2, 2, theta, (t) => t * t - 1);
    // E[relu(w·x)] = ‖w‖/√(2π); Stein: E[relu(w·x) θ·x] = (w·θ)/2; E[relu(w·x) He2(θ·x)] = ‖w‖ r²/√(2π), r = w·θ/‖w‖.
    const c = 1 / Math.sqrt(2 * Math.PI);
    expect(one[0]).toBeCloseTo(2 * c, 12);
    expect(one[1]).toBeCloseTo(c, 12);
    expect(z[0]).toBeCloseTo(0.6, 12);
    expect(z[1]).toBeCloseTo(-0.5, 12);
    expect(he2[0]).toBeCloseTo(2 * 0.36 * c, 12);
    expect(he2[1]).toBeCloseTo(c, 12);
  });
});
