import { describe, expect, it } from 'vitest';
import { gaussianInputs } from '../../../src/core/data/gaussian';
import { hermite } from '../../../src/core/data/hermite';
import {
  additiveLink,
  coordinateDirections,
  cosines,
  hermiteTarget,
  multiIndex,
  orthonormalDirections,
  overlapMatrix,
  parityLink,
  projections,
  singleIndex,
  sparseParity,
  staircase,
  staircaseLink,
} from '../../../src/core/data/targets';
import { stream } from '../../../src/core/rng';
import { expectArraysClose, expectClose } from '../../helpers/close';

const EPS = Number.EPSILON;

function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

/** Monte Carlo mean of the products u_i v_i with its standard error. */
function meanWithSe(u: ArrayLike<number>, v: ArrayLike<number>): { mean: number; se: number } {
  const n = u.length;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const p = u[i] * v[i];
    s += p;
    s2 += p * p;
  }
  const m = s / n;
  return { mean: m, se: Math.sqrt((s2 / n - m * m) / n) };
}

describe('orthonormalDirections', () => {
  it('gives k orthonormal rows (ΘΘᵀ = I to a few d·ε) and is a pure function of the stream', () => {
    for (const [k, d] of [[1, 5], [2, 64], [5, 5], [3, 200]]) {
      const Theta = orthonormalDirections(stream(`dirs-${k}-${d}`), k, d);
      expect(Theta.length).toBe(k * d);
      for (let i = 0; i < k; i++) {
        for (let l = 0; l < k; l++) {
          let g = 0;
          for (let j = 0; j < d; j++) g += Theta[i * d + j] * Theta[l * d + j];
          expect(Math.abs(g - (i === l ? 1 : 0)), `k = ${k}, d = ${d}, (${i}, ${l})`).toBeLessThanOrEqual(4 * d * EPS);
        }
      }
      expect(orthonormalDirections(stream(`dirs-${k}-${d}`), k, d)).toEqual(Theta);
    }
    expect(() => orthonormalDirections(stream(1), 4, 3)).toThrow(/k = 4, d = 3/);
  });

  it('is rotation invariant: E[θ_j²] = 1/d for every coordinate (uniform on the sphere)', () => {
    const d = 4;
    const draws = 4000;
    const s = stream('uniform');
    const sq = new Float64Array(d);
    for (let t = 0; t < draws; t++) {
      const theta = orthonormalDirections(s, 1, d);
      for (let j = 0; j < d; j++) sq[j] += theta[j] ** 2 / draws;
    }
    // θ_j² ~ Beta(1/2, (d−1)/2): variance 2(d−1)/(d²(d+2)); 5 standard errors.
    const se = Math.sqrt((2 * (d - 1)) / (d * d * (d + 2)) / draws);
    for (let j = 0; j < d; j++) expect(Math.abs(sq[j] - 1 / d)).toBeLessThan(5 * se);
  });

  it('coordinate directions are e_1..e_k', () => {
    expect(Array.from(coordinateDirections(2, 3))).toEqual([1, 0, 0, 0, 1, 0]);
  });
});

describe('targets', () => {
  const d = 6;
  const n = 7;
  const X = gaussianInputs(stream('targets-x'), n, d);
  const Theta = orthonormalDirections(stream('targets-theta'), 3, d);
  const dotRow = (i: number, l: number) => {
    let z = 0;
    for (let j = 0; j < d; j++) z += X[i * d + j] * Theta[l * d + j];
    return z;
  };

  it('projections are Xᵀθ_l per sample', () => {
    const Z = projections(X, n, d, Theta, 3);
    for (let i = 0; i < n; i++) for (let l = 0; l < 3; l++) expectClose(Z[i * 3 + l], dotRow(i, l), 1e-14);
  });

  it('single-index and He_k targets apply the link to θ·x', () => {
    const theta = Theta.subarray(0, d);
    const y = singleIndex(X, n, d, theta, Math.tanh);
    const h = hermiteTarget(X, n, d, theta, 3);
    for (let i = 0; i < n; i++) {
      const z = dotRow(i, 0);
      expectClose(y[i], Math.tanh(z), 1e-14);
      expectClose(h[i], z ** 3 - 3 * z, 1e-13);
    }
  });

  it('multi-index: the giant-step target (σ1*(z1) + σ2*(z2))/2 with σ1* = 4z + z², σ2* = z', () => {
    const g = additiveLink([(z) => 4 * z + z * z, (z) => z], [0.5, 0.5]);
    const y = multiIndex(X, n, d, Theta, 2, g);
    for (let i = 0; i < n; i++) {
      const z1 = dotRow(i, 0);
      const z2 = dotRow(i, 1);
      expectClose(y[i], (4 * z1 + z1 * z1 + z2) / 2, 1e-13);
    }
    // The multi-index teacher of the multi-pass claims: tanh(h1 + He3(h2)).
    const t = multiIndex(X, n, d, Theta, 2, (z) => Math.tanh(z[0] + hermite(3, z[1])));
    for (let i = 0; i < n; i++) expectClose(t[i], Math.tanh(dotRow(i, 0) + hermite(3, dotRow(i, 1))), 1e-13);
  });

  it('staircase and parity links at hand-computed points', () => {
    expect(staircaseLink(Float64Array.of(2, 3, -1))).toBe(2 + 6 - 6);
    expect(staircaseLink(Float64Array.of(0.5))).toBe(0.5);
    expect(parityLink(Float64Array.of(-1, 2, 3))).toBe(-1);
    expect(parityLink(Float64Array.of(-1, -2, 3))).toBe(1);
    const s = staircase(X, n, d, Theta, 3);
    const p = sparseParity(X, n, d, Theta, 3);
    for (let i = 0; i < n; i++) {
      const [z1, z2, z3] = [dotRow(i, 0), dotRow(i, 1), dotRow(i, 2)];
      expectClose(s[i], z1 + z1 * z2 + z1 * z2 * z3, 1e-13);
      expect(p[i]).toBe(Math.sign(z1 * z2 * z3));
    }
  });

  it('the sparse parity sign(z1 z2 z3) has no Hermite component below degree 3; its degree-3 one is (2/π)^{3/2}', () => {
    const N = 40000;
    const dd = 8;
    const XX = gaussianInputs(stream('parity-x'), N, dd);
    const T = orthonormalDirections(stream('parity-theta'), 3, dd);
    const y = sparseParity(XX, N, dd, T, 3);
    const Z = projections(XX, N, dd, T, 3);
    const col = (l: number) => Float64Array.from({ length: N }, (_, i) => Z[i * 3 + l]);
    const [z1, z2, z3] = [col(0), col(1), col(2)];
    const prod = (a: Float64Array, b: Float64Array) => a.map((v, i) => v * b[i]);
    // Monte Carlo at 5 standard errors: every correlation of degree ≤ 2 vanishes.
    for (const f of [new Float64Array(N).fill(1), z1, z2, z3, prod(z1, z2), prod(z2, z3), z1.map((v) => v * v - 1)]) {
      const { mean: m, se } = meanWithSe(y, f);
      expect(Math.abs(m)).toBeLessThan(5 * se);
    }
    // E[sign(z1 z2 z3) z1 z2 z3] = (E|z|)³ = (2/π)^{3/2}.
    const { mean: m3, se: se3 } = meanWithSe(y, prod(prod(z1, z2), z3));
    expect(Math.abs(m3 - (2 / Math.PI) ** 1.5)).toBeLessThan(5 * se3);
    expect(Math.abs(mean(y))).toBeLessThan(5 / Math.sqrt(N));
  });
});

describe('overlaps', () => {
  it('cos(w, θ) = |⟨w, θ⟩|/‖w‖, scale invariant, 0 for orthogonal and zero rows', () => {
    const d = 5;
    const Theta = orthonormalDirections(stream('ov'), 2, d);
    const t1 = Theta.subarray(0, d);
    const t2 = Theta.subarray(d, 2 * d);
    // Rows: 3θ1, −θ1 + θ2 (cos 1/√2 with each), θ2, 0.
    const W = new Float64Array(4 * d);
    for (let j = 0; j < d; j++) {
      W[j] = 3 * t1[j];
      W[d + j] = -t1[j] + t2[j];
      W[2 * d + j] = t2[j];
    }
    expectArraysClose(cosines(W, 4, d, t1), [1, Math.SQRT1_2, 0, 0], 8 * d * EPS);
    const O = overlapMatrix(W, 4, d, Theta, 2);
    expectArraysClose(O, [1, 0, -Math.SQRT1_2, Math.SQRT1_2, 0, 1, 0, 0], 8 * d * EPS);
  });
});
