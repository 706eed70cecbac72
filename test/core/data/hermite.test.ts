import { describe, expect, it } from 'vitest';
import {
  factorial,
  gaussHermite,
  gaussianExpectation,
  hermite,
  hermiteAll,
  hermiteCoefficient,
  hermiteMoment,
  hermitePrime,
  informationExponent,
  splitGaussLegendre,
  type Quadrature,
} from '../../../src/core/data/hermite';
import { expectClose } from '../../helpers/close';

const EPS = Number.EPSILON;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const relu = (z: number) => (z > 0 ? z : 0);

/** Rounding bound of a weighted sum Σ w_i f(z_i): (number of terms) · ε · Σ |w_i f(z_i)|, times a few ulps for f. */
function sumTolerance(rule: Quadrature, f: (z: number) => number, ulps = 8): number {
  let abs = 0;
  for (let i = 0; i < rule.nodes.length; i++) abs += Math.abs(rule.weights[i] * f(rule.nodes[i]));
  return ulps * rule.nodes.length * EPS * abs;
}

describe('hermite', () => {
  it('matches the closed forms He_0..He_5', () => {
    const closed = [
      () => 1,
      (z: number) => z,
      (z: number) => z * z - 1,
      (z: number) => z ** 3 - 3 * z,
      (z: number) => z ** 4 - 6 * z * z + 3,
      (z: number) => z ** 5 - 10 * z ** 3 + 15 * z,
    ];
    for (const z of [-2.5, -1, 0, 0.3, 1.7, 4]) {
      closed.forEach((he, k) => expectClose(hermite(k, z), he(z), 1e-13, `He_${k}(${z})`));
      const all = hermiteAll(5, z);
      closed.forEach((he, k) => expectClose(all[k], he(z), 1e-13, `hermiteAll[${k}](${z})`));
      expectClose(hermitePrime(4, z), 4 * z ** 3 - 12 * z, 1e-13, `He_4'(${z})`);
    }
    expect(() => hermite(-1, 0)).toThrow(/k = -1/);
  });

  it('He_k(0) alternates: 0 for odd k, (−1)^{k/2} (k−1)!! for even k', () => {
    expect(Math.abs(hermite(7, 0))).toBe(0);
    expect(hermite(6, 0)).toBe(-15);
    expect(hermite(8, 0)).toBe(105);
  });
});

describe('gaussHermite', () => {
  it('weights sum to 1, the rule is symmetric and its nodes are the zeros of He_n', () => {
    for (const n of [1, 2, 5, 20, 120]) {
      const rule = gaussHermite(n);
      expectClose(rule.weights.reduce((a, b) => a + b, 0), 1, 4 * n * EPS, `Σw (n = ${n})`);
      for (let i = 0; i < n; i++) {
        expect(rule.nodes[i] + rule.nodes[n - 1 - i]).toBe(0);
        // z_i is a zero of He_n to rounding: the Newton correction He_n/He_n' is below a few n·ε·max(1, |z_i|).
        const z = rule.nodes[i];
        expect(Math.abs(hermite(n, z) / hermitePrime(n, z))).toBeLessThanOrEqual(4 * n * EPS * Math.max(1, Math.abs(z)));
      }
    }
  });

  it('integrates z^{2p} to (2p − 1)!! exactly for 2p < 2n, and not at 2p = 2n', () => {
    for (const n of [3, 8, 20]) {
      const rule = gaussHermite(n);
      for (let p = 0; 2 * p < 2 * n; p++) {
        let doubleFact = 1;
        for (let j = 2 * p - 1; j > 1; j -= 2) doubleFact *= j;
        const f = (z: number) => z ** (2 * p);
        const got = gaussianExpectation(f, rule);
        expect(Math.abs(got - doubleFact), `n = ${n}, 2p = ${2 * p}`).toBeLessThanOrEqual(sumTolerance(rule, f));
      }
      // Degree 2n is beyond the rule: E_n[z^{2n}] = (2n − 1)!! − n!, the classical Gauss remainder.
      let doubleFact = 1;
      for (let j = 2 * n - 1; j > 1; j -= 2) doubleFact *= j;
      const f = (z: number) => z ** (2 * n);
      expectClose(doubleFact - gaussianExpectation(f, rule), factorial(n), 1e-9, `remainder at n = ${n}`);
    }
  });

  it('orthogonality: E[He_j He_k] = k! δ_jk for j, k ≤ 12', () => {
    const rule = gaussHermite(20);
    for (let j = 0; j <= 12; j++) {
      for (let k = 0; k <= 12; k++) {
        const f = (z: number) => hermite(j, z) * hermite(k, z);
        const got = gaussianExpectation(f, rule);
        expect(Math.abs(got - (j === k ? factorial(k) : 0)), `j = ${j}, k = ${k}`).toBeLessThanOrEqual(sumTolerance(rule, f));
      }
    }
  });

  it('rejects sizes outside [1, 400]', () => {
    expect(() => gaussHermite(0)).toThrow(/n = 0/);
    expect(() => gaussHermite(2.5)).toThrow(/n = 2.5/);
  });
});

describe('Hermite coefficients', () => {
  it('recover the coefficients of a polynomial link: 4z + z² has μ1 = 4, c_2 = 1 (CLAIMS G)', () => {
    const g = (z: number) => 4 * z + z * z;
    expectClose(hermiteMoment(g, 1), 4, 1e-13, 'μ1');
    expectClose(hermiteCoefficient(g, 2), 1, 1e-13, 'c2');
    expectClose(hermiteCoefficient(g, 0), 1, 1e-13, 'c0');
    expect(Math.abs(hermiteCoefficient(g, 3))).toBeLessThan(1e-13);
    // An arbitrary expansion Σ c_k He_k comes back coefficient by coefficient.
    const c = [0.3, -1.2, 0.7, 2.5, -0.4, 0.05];
    const h = (z: number) => c.reduce((s, ck, k) => s + ck * hermite(k, z), 0);
    c.forEach((ck, k) => expectClose(hermiteCoefficient(h, k), ck, 1e-12, `c_${k}`));
  });

  it('relu: E[relu·He_0] = 1/√(2π), μ1 = 1/2, E[relu·He_k] = He_{k−2}(0)/√(2π) (Stein: relu\'\' = δ)', () => {
    const rule = splitGaussLegendre();
    expectClose(hermiteMoment(relu, 0, rule), 1 / SQRT_2PI, 64 * EPS, 'k = 0');
    expectClose(hermiteMoment(relu, 1, rule), 0.5, 64 * EPS, 'k = 1');
    for (let k = 2; k <= 8; k++) expectClose(hermiteMoment(relu, k, rule), hermite(k - 2, 0) / SQRT_2PI, 1e-13, `k = ${k}`);
  });

  it('sign: E[sign·He_k] = 2 He_{k−1}(0)/√(2π) (sign\' = 2δ); |z|: E|z| = √(2/π)', () => {
    const rule = splitGaussLegendre();
    for (let k = 1; k <= 7; k++) expectClose(hermiteMoment(Math.sign, k, rule), (2 * hermite(k - 1, 0)) / SQRT_2PI, 1e-13, `k = ${k}`);
    expectClose(gaussianExpectation(Math.abs, rule), Math.sqrt(2 / Math.PI), 1e-14, 'E|z|');
  });

  it('plain Gauss–Hermite converges only like 1/n across a kink; the split rule is exact to rounding', () => {
    const exact = 1 / SQRT_2PI;
    const e60 = Math.abs(hermiteMoment(relu, 2, gaussHermite(60)) - exact);
    const e120 = Math.abs(hermiteMoment(relu, 2, gaussHermite(120)) - exact);
    expect(e60).toBeGreaterThan(1e-4);
    // Halving the error when n doubles: first order in 1/n (a spectral rule would gain many digits).
    expect(e60 / e120).toBeGreaterThan(1.6);
    expect(e60 / e120).toBeLessThan(2.5);
    expect(Math.abs(hermiteMoment(relu, 2, splitGaussLegendre(40)) - exact)).toBeLessThan(64 * EPS);
  });

  it('Stein identity on a smooth link: E[tanh(z) He_k(z)] = E[tanh^(k)(z)] for k = 1, 2, 3', () => {
    const t = Math.tanh;
    const d1 = (z: number) => 1 - t(z) ** 2;
    const d2 = (z: number) => -2 * t(z) * d1(z);
    const d3 = (z: number) => -2 * d1(z) ** 2 + 4 * t(z) ** 2 * d1(z);
    // tanh has poles at ±iπ/2, which slow Gauss–Hermite to exp(−c√n); the split rule stays spectral on each half.
    const rule = splitGaussLegendre();
    [d1, d2, d3].forEach((dk, i) => expectClose(hermiteMoment(t, i + 1, rule), gaussianExpectation(dk, rule), 1e-13, `k = ${i + 1}`));
  });

  it('information exponent: He_k has k; 4z + z² and relu have 1; |z| has 2; a constant has none', () => {
    for (let k = 1; k <= 5; k++) expect(informationExponent((z) => hermite(k, z))).toBe(k);
    expect(informationExponent((z) => 4 * z + z * z)).toBe(1);
    expect(informationExponent(relu, 8, 1e-8, splitGaussLegendre())).toBe(1);
    expect(informationExponent(Math.abs, 8, 1e-8, splitGaussLegendre())).toBe(2);
    expect(informationExponent(() => 1)).toBe(Infinity);
  });
});
