import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gaussianInputs, gaussianMatrix, randomOrthogonal } from '../../../src/core/data/gaussian';
import { gemmTN } from '../../../src/core/linalg';
import { stream } from '../../../src/core/rng';

describe('randomOrthogonal', () => {
  it('is orthogonal to within the Householder QR bound c·n·ε', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, seed) => {
        const Q = randomOrthogonal(stream(seed), n);
        const QtQ = gemmTN(n, n, n, Q, Q, new Float64Array(n * n));
        // Householder QR loses orthogonality like O(n·ε); 10 covers the constant of the bound.
        const tol = 10 * n * Number.EPSILON;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(QtQ[i * n + j] - (i === j ? 1 : 0))).toBeLessThan(tol);
      }),
      { numRuns: 40 },
    );
  });

  it('gives the same matrix for the same seed and another for another seed', () => {
    expect(randomOrthogonal(stream(7), 5)).toEqual(randomOrthogonal(stream(7), 5));
    expect(randomOrthogonal(stream(7), 5)).not.toEqual(randomOrthogonal(stream(8), 5));
  });

  it('is sign-fixed: each entry is symmetric about 0 (Haar), not biased by the QR sign convention', () => {
    // Under Haar measure Q_11 has mean 0 and variance 1/n; the mean of k draws is within 4 standard errors.
    const n = 4;
    const k = 4000;
    let sum = 0;
    for (let t = 0; t < k; t++) sum += randomOrthogonal(stream(t), n)[0];
    expect(Math.abs(sum / k)).toBeLessThan(4 * Math.sqrt(1 / n / k));
  });
});

describe('gaussianMatrix / gaussianInputs', () => {
  it('have the requested shape and are a pure function of the stream seed', () => {
    expect(gaussianMatrix(stream(3), 4, 6)).toHaveLength(24);
    expect(gaussianInputs(stream(3), 5, 2)).toEqual(gaussianInputs(stream(3), 5, 2));
  });

  it('have N(0, scale²) entries: mean and variance within 4 standard errors', () => {
    const n = 20000;
    const scale = 3;
    const g = gaussianMatrix(stream(11), n, 1, scale);
    const mean = g.reduce((a, v) => a + v, 0) / n;
    const variance = g.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(4 * scale / Math.sqrt(n));
    // Var of the sample variance of a Gaussian is 2σ⁴/(n − 1).
    expect(Math.abs(variance - scale ** 2)).toBeLessThan(4 * scale ** 2 * Math.sqrt(2 / (n - 1)));
  });
});
