import { describe, expect, it } from 'vitest';
import { gaussianExpectation, splitGaussLegendre } from '../../../src/core/data/hermite';
import { normalCdf, reluKernel, reluMean } from '../../../src/core/data/relu-moments';
import { expectClose } from '../../helpers/close';

// The closed forms against quadrature. Split Gauss–Legendre is spectral for an integrand that is smooth on each side
// of 0; a kink or step at k is moved to 0 by E[g(ξ)] = E[g(k + z)·exp(−kz − k²/2)], z ~ N(0, 1).
const rule = splitGaussLegendre(100);
const shifted = (g: (x: number) => number, k: number) => gaussianExpectation((z) => g(k + z) * Math.exp(-k * z - 0.5 * k * k), rule);
/** Double precision, a few ulps of the terms summed. */
const ROUNDING = 1e-14;

describe('normalCdf', () => {
  it('is E[1{ξ ≤ x}] to 1e−15, ½ at 0, and symmetric', () => {
    expect(normalCdf(0)).toBe(0.5);
    for (const x of [-8, -2.5, -1, -0.3, 0.7, 1.96, 4, 9]) {
      expectClose(normalCdf(x) + normalCdf(-x), 1, ROUNDING);
      // The smaller tail, where the digits are: Hart's 5666 is accurate in absolute terms, to a few ulps of ½.
      const tail = shifted((v) => (v <= -Math.abs(x) ? 1 : 0), -Math.abs(x));
      expect(Math.abs(Math.min(normalCdf(x), normalCdf(-x)) - tail)).toBeLessThan(ROUNDING / 10);
    }
  });
});

describe('reluMean', () => {
  it('is E[relu(μ + sξ)] by quadrature, and relu(μ) at s = 0', () => {
    for (const [mu, s] of [[0, 1], [0.4, 0.7], [-1.2, 0.5], [2, 3], [-0.05, 0.01]]) {
      expectClose(reluMean(mu, s), shifted((v) => Math.max(0, mu + s * v), -mu / s), ROUNDING * 10);
    }
    expect(reluMean(0.3, 0)).toBe(0.3);
    expect(reluMean(-0.3, 0)).toBe(0);
  });
});

describe('reluKernel', () => {
  it('is q/2 on the diagonal, q/(2π) for independent units, and E[relu(u) relu(v)] by quadrature', () => {
    expectClose(reluKernel(2, 2, 2), 1, ROUNDING);
    expectClose(reluKernel(1, 4, 0), 2 / (2 * Math.PI), ROUNDING);
    for (const [q1, q2, c] of [[1, 1, 0.3], [0.8, 1.5, -0.6], [2, 0.5, 0.9]]) {
      // u = √q1 z1 and v = (c/√q1) z1 + b z2: the inner expectation over z2 is reluMean (checked above), the outer
      // one has its kink at z1 = 0.
      const b = Math.sqrt(q2 - (c * c) / q1);
      const quad = gaussianExpectation((z1) => Math.max(0, Math.sqrt(q1) * z1) * reluMean((c / Math.sqrt(q1)) * z1, b), rule);
      expectClose(reluKernel(q1, q2, c), quad, ROUNDING * 100);
    }
  });
});
