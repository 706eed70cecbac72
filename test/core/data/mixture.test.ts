import { describe, expect, it } from 'vitest';
import { drawMixture, sampleMatchedGaussian, sampleMixture, secondMomentForm, symmetricMixture, type TwoClusterMixture } from '../../../src/core/data/mixture';
import { stream } from '../../../src/core/rng';

function unit(d: number, i: number): Float64Array {
  const u = new Float64Array(d);
  u[i] = 1;
  return u;
}

/** Mean of (x·e)² over the rows of X and its standard error. */
function empiricalForm(X: Float64Array, n: number, d: number, e: Float64Array): { mean: number; se: number } {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let a = 0; a < d; a++) z += X[i * d + a] * e[a];
    v[i] = z * z;
  }
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return { mean, se: sd / Math.sqrt(n) };
}

describe('two-cluster mixtures', () => {
  it('puts the means at ±μu with covariances I and σ₋²I', () => {
    const mix = symmetricMixture(unit(3, 1), 2, 3, 0.4);
    expect(Array.from(mix.meanPlus)).toEqual([0, 2, 0]);
    expect(Array.from(mix.meanMinus)).toEqual([-0, -2, -0]);
    expect(Array.from(mix.sdPlus)).toEqual([1, 1, 1]);
    expect(Array.from(mix.sdMinus)).toEqual([3, 3, 3]);
    expect(mix.pPlus).toBe(0.4);
    expect(() => symmetricMixture(unit(3, 0), 1, 1, 1)).toThrow(/pPlus/);
    expect(() => symmetricMixture(unit(3, 0), 1, 0)).toThrow(/sigmaMinus/);
  });

  it('is a pure function of the stream: same seed, same draws', () => {
    const a = drawMixture(stream(3), 10, 4);
    const b = drawMixture(stream(3), 10, 4);
    expect(Array.from(a.z)).toEqual(Array.from(b.z));
    expect(Array.from(a.coin)).toEqual(Array.from(b.coin));
    expect(Array.from(a.g)).toEqual(Array.from(b.g));
  });

  it('draws the + cluster with probability π₊ (within 4 binomial standard errors)', () => {
    const n = 20_000;
    const { cluster } = sampleMixture(symmetricMixture(unit(2, 0), 1, 2, 0.3), drawMixture(stream('p'), n, 2));
    const frac = cluster.filter((c) => c === 1).length / n;
    expect(Math.abs(frac - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / n));
  });

  it('gives the mixture and its matched Gaussian the second moment secondMomentForm says (4 standard errors)', () => {
    const d = 4;
    const n = 40_000;
    const u = new Float64Array([0.6, 0.8, 0, 0]);
    const mix: TwoClusterMixture = { ...symmetricMixture(u, 1.5, 2, 0.3), sdPlus: new Float64Array([1, 0.5, 2, 1]) };
    const draws = drawMixture(stream('moments'), n, d);
    const Xm = sampleMixture(mix, draws).X;
    const Xg = sampleMatchedGaussian(mix, draws);
    for (const e of [u, unit(d, 2), new Float64Array([1, -1, 0.5, 2])]) {
      const exact = secondMomentForm(mix, e);
      for (const X of [Xm, Xg]) {
        const { mean, se } = empiricalForm(X, n, d, e);
        expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
      }
    }
  });

  it('matches the mixture mean π₊μ₊ + π₋μ₋ in the Gaussian (4 standard errors)', () => {
    const d = 2;
    const n = 40_000;
    const mix = symmetricMixture(unit(d, 0), 1, 1, 0.8);
    const X = sampleMatchedGaussian(mix, drawMixture(stream('mean'), n, d));
    let m = 0;
    for (let i = 0; i < n; i++) m += X[i * d];
    m /= n;
    // Mean 0.8 − 0.2 = 0.6 along u; variance 1 + π₊π₋(2μ)² = 1.64.
    expect(Math.abs(m - 0.6)).toBeLessThan(4 * Math.sqrt(1.64 / n));
  });

  it('couples the two laws: a mixture with equal clusters is its matched Gaussian, draw for draw', () => {
    const d = 3;
    const mix = symmetricMixture(unit(d, 0), 0, 1);
    const draws = drawMixture(stream('same'), 50, d);
    expect(Array.from(sampleMixture(mix, draws).X)).toEqual(Array.from(sampleMatchedGaussian(mix, draws)));
  });
});
