import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims } from '../../../properties/index';
import { drawProblem, fit, labels, setting, universalityInstance } from '../../../properties/universality/family';
import { sharpFormulas } from '../../../properties/universality/sharp-formulas';
import { testErrorUniversal } from '../../../properties/universality/test-error';
import { trainingErrorUniversal } from '../../../properties/universality/training-error';
import { leastSquares, ridge } from '../../../src/core/linalg/least-squares';
import { stream } from '../../../src/core/rng';

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, k) => s + v * b[k], 0);

describe('the claim list', () => {
  it('lists the three universality claims once each, training error first', () => {
    const ids = claims.map((c) => c.id);
    expect(ids.filter((id) => id.startsWith('universality.'))).toEqual([trainingErrorUniversal.id, testErrorUniversal.id, sharpFormulas.id]);
  });
});

describe('the setting of a rung', () => {
  it('takes n from α·d (an explicit n winning) and fills the paper\'s defaults', () => {
    expect(setting({ d: 10, alpha: 1.5 })).toEqual({ d: 10, n: 15, Delta: 0.25, lambda: 0, mu: 1, sigmaMinus: 1, pPlus: 0.5, aligned: 0 });
    expect(setting({ d: 10, alpha: 1.5, n: 7, aligned: 1 })).toMatchObject({ n: 7, aligned: 1 });
  });

  it('rejects parameters outside the mixture with the field named', () => {
    expect(() => setting({ d: 10, alpha: 1, pPlus: 1 })).toThrow(/params\.pPlus/);
    expect(() => setting({ d: 10, alpha: 1, sigmaMinus: 0 })).toThrow(/params\.sigmaMinus/);
    expect(() => setting({ d: 10, alpha: 1, Delta: -0.1 })).toThrow(/params\.Delta/);
    expect(() => setting({ d: 1, alpha: 1 })).toThrow(/params\.d/);
  });

  it('an instance is the setting, the datasets per trial and a seed', () => {
    const [inst] = fc.sample(universalityInstance({ d: 10, alpha: 2 }, 3), { seed: 1, numRuns: 1 });
    expect(inst).toMatchObject({ ...setting({ d: 10, alpha: 2 }), datasets: 3 });
    expect(Number.isInteger(inst.seed)).toBe(true);
  });
});

describe('the problem, the labels and the fit', () => {
  it('θ has norm √d, along the means when aligned and orthogonal to them otherwise', () => {
    for (const aligned of [0, 1]) {
      const st = setting({ d: 12, alpha: 2, aligned, mu: 2 });
      const { mix, theta } = drawProblem(stream(5).child('problem'), st);
      expect(Math.sqrt(dot(theta, theta))).toBeCloseTo(Math.sqrt(12), 12);
      const cos = dot(theta, mix.meanPlus) / (Math.sqrt(12) * 2);
      expect(Math.abs(cos)).toBeCloseTo(aligned, 12);
    }
  });

  it('labels are Xθ/√d + √Δ ξ', () => {
    const X = Float64Array.from([1, 2, 3, 4]);
    const y = labels(X, 2, 2, Float64Array.from([1, -1]), 0.25, Float64Array.from([2, -2]));
    expect(Array.from(y)).toEqual([(1 - 2) / Math.sqrt(2) + 1, (3 - 4) / Math.sqrt(2) - 1]);
  });

  it('fits least squares with its condition estimate at λ = 0 and ridge (no condition) above', () => {
    const X = Float64Array.from([1, 0, 0, 1, 1, 1]);
    const y = Float64Array.from([1, 2, 2.5]);
    expect(fit(X, 3, 2, y, 0)).toEqual({ w: leastSquares(X, 3, 2, y).w, cond: leastSquares(X, 3, 2, y).cond });
    expect(fit(X, 3, 2, y, 0.5)).toEqual({ w: ridge(X, 3, 2, y, 0.5), cond: Infinity });
  });
});
