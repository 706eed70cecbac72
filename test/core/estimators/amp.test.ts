import { describe, expect, it } from 'vitest';
import { gaussHermite } from '../../../src/core/data/hermite';
import { sampleSpiked } from '../../../src/core/data/spiked';
import { amp, gaussBernoulli, gaussianPrior, rademacher, stateEvolution, type Prior } from '../../../src/core/estimators/amp';
import { squaredOverlap } from '../../../src/core/estimators/overlap';
import { stream } from '../../../src/core/rng';

/** E[x f(A, A x + √A g)] by a product Gauss–Hermite rule over (x, g) for a prior with x = ±1, or x = b·N(0, 1). */
function overlapByQuadrature(prior: Prior, A: number, draw: 'sign' | 'gaussBernoulli', rho = 1): number {
  const { nodes, weights } = gaussHermite(200);
  let s = 0;
  for (let a = 0; a < nodes.length; a++) {
    const g = nodes[a];
    if (draw === 'sign') {
      s += weights[a] * 0.5 * (prior.mean(A, A + Math.sqrt(A) * g) - prior.mean(A, -A + Math.sqrt(A) * g));
      continue;
    }
    for (let b = 0; b < nodes.length; b++) {
      const x = nodes[b];
      s += rho * weights[a] * weights[b] * x * prior.mean(A, A * x + Math.sqrt(A) * g);
    }
  }
  return s;
}

describe('priors: posterior means, variances and overlaps', () => {
  const priors: [Prior, 'sign' | 'gaussBernoulli', number][] = [
    [rademacher, 'sign', 1],
    [gaussBernoulli(0.5), 'gaussBernoulli', 0.5],
    [gaussBernoulli(0.1), 'gaussBernoulli', 0.1],
    [gaussianPrior, 'gaussBernoulli', 1],
  ];

  it('has variance = ∂f/∂B (central differences, error O(h²))', () => {
    const h = 1e-5;
    for (const [prior] of priors) {
      for (const A of [0.1, 1, 5]) {
        for (const B of [-3, -0.4, 0, 0.7, 4]) {
          const fd = (prior.mean(A, B + h) - prior.mean(A, B - h)) / (2 * h);
          expect(Math.abs(prior.variance(A, B) - fd)).toBeLessThan(1e-8);
        }
      }
    }
  });

  it('has overlap m(A) = E[f²] = E[x f] (the Nishimori identity), to quadrature accuracy', () => {
    for (const [prior, draw, rho] of priors) {
      for (const A of [0.05, 0.5, 2, 8]) {
        // Two different rules (300 nodes in one variable, 200 x 200 in two) on integrands that sharpen into
        // steps as A grows: they agree to 3e−7 at A = 8; a wrong mean or overlap would be off by O(10⁻²).
        expect(Math.abs(prior.overlap(A) - overlapByQuadrature(prior, A, draw, rho))).toBeLessThan(1e-6);
      }
    }
    expect(gaussianPrior.overlap(3)).toBeCloseTo(0.75, 15);
    expect(gaussBernoulli(1).overlap(3)).toBeCloseTo(0.75, 12);
    expect(() => gaussBernoulli(0)).toThrow(/rho/);
  });
});

describe('state evolution', () => {
  it('has the closed-form fixed point m_v = (λ²α − 1)/(λ(λα + 1)) with Gaussian priors, 0 below λ²α = 1', () => {
    const priors = { v: gaussianPrior, u: gaussianPrior };
    for (const [lambda, alpha] of [[2, 2], [1.2, 1], [0.9, 3], [3, 0.5]]) {
      const se = stateEvolution(lambda, alpha, priors);
      const closed = lambda * lambda * alpha > 1 ? (lambda * lambda * alpha - 1) / (lambda * (lambda * alpha + 1)) : 0;
      const closedU = lambda * lambda * alpha > 1 ? (lambda * lambda * alpha - 1) / (lambda * alpha * (lambda + 1)) : 0;
      expect(Math.abs(se.overlapV - closed)).toBeLessThan(1e-9);
      expect(Math.abs(se.overlapU - closedU)).toBeLessThan(1e-9);
    }
    expect(stateEvolution(0.5, 2, priors).overlapV).toBeLessThan(1e-9);
  });

  it('puts the subspace-clustering transition at λ_alg = 1/(ρ√α) and predicts 0.632 at 2λ_alg (CLAIMS C)', () => {
    const priors = { v: gaussBernoulli(0.5), u: rademacher };
    const lambdaAlg = 1 / (0.5 * Math.SQRT2);
    expect(stateEvolution(0.9 * lambdaAlg, 2, priors).overlapV).toBeLessThan(1e-6);
    expect(stateEvolution(1.1 * lambdaAlg, 2, priors).overlapV).toBeGreaterThan(0.05);
    expect(Math.abs(stateEvolution(2 * lambdaAlg, 2, priors).overlapV - 0.632)).toBeLessThan(0.005);
  });
});

describe('AMP', () => {
  it('reaches the closed-form state-evolution fixed point on Gaussian-prior data (d = 400)', () => {
    const d = 400;
    const n = 800;
    const lambda = 2;
    const s = stream('amp-gauss');
    const v0 = s.child('v').normals(d);
    const u0 = s.child('u').normals(n);
    const Y = s.child('Z').normals(d * n);
    const c = Math.sqrt(lambda / d);
    for (let i = 0; i < d; i++) for (let j = 0; j < n; j++) Y[i * n + j] += c * v0[i] * u0[j];
    const out = amp(Y, d, n, lambda, { v: gaussianPrior, u: gaussianPrior }, s.child('start').normals(n, 1e-3));
    // Fixed point (λ²α − 1)/(λ(λα + 1)) = 0.7; fluctuations of an overlap are O(1/√d) = 0.05.
    expect(out.converged).toBe(true);
    expect(Math.abs(squaredOverlap(out.v, v0) - 0.7)).toBeLessThan(0.1);
    expect(Math.abs(squaredOverlap(out.u, u0) - (8 - 1) / (4 * 3))).toBeLessThan(0.1);
  });

  it('follows its state evolution on the subspace-clustering model (median of 5 seeds at d = 256, 2λ_alg)', () => {
    const d = 256;
    const n = 512;
    const rho = 0.5;
    const lambda = 2 / (rho * Math.SQRT2);
    const priors = { v: gaussBernoulli(rho), u: rademacher };
    const overlaps = [0, 1, 2, 3, 4].map((k) => {
      const s = stream(`amp-sc/${k}`);
      const data = sampleSpiked(s.child('data'), d, n, lambda, { rho });
      return squaredOverlap(amp(data.Y, d, n, lambda, priors, s.child('start').normals(n, 1e-3)).v, data.v0);
    });
    overlaps.sort((a, b) => a - b);
    // SE: 0.634. An Onsager term on the wrong iterate measured a median of 0.50 here.
    expect(Math.abs(overlaps[2] - stateEvolution(lambda, n / d, priors).overlapV)).toBeLessThan(0.06);
  });

  it('rejects mismatched shapes by name', () => {
    expect(() => amp(new Float64Array(6), 2, 3, 1, { v: gaussianPrior, u: gaussianPrior }, new Float64Array(2))).toThrow(/start/);
    expect(() => amp(new Float64Array(5), 2, 3, 1, { v: gaussianPrior, u: gaussianPrior }, new Float64Array(3))).toThrow(/Y must/);
  });
});
