import { describe, expect, it } from 'vitest';
import { frobenius } from '../../../src/core/linalg/dense';
import { classificationError, marginState, maxRelativeDip, meanLogistic, minMargin } from '../../../src/core/model/margin';
import { lossValue } from '../../../src/core/model/loss';
import { architecture, predict } from '../../../src/core/model/network';
import { stream } from '../../../src/core/rng';
import { expectClose } from '../../helpers/close';

describe('margins of outputs', () => {
  it('minMargin, classificationError (ties count as errors) and the mean logistic loss', () => {
    const f = Float64Array.of(2, -0.5, 0, 3);
    const y = Float64Array.of(1, 1, -1, -1);
    expect(minMargin(f, y, 4)).toBe(-3);
    expect(classificationError(f, y, 4)).toBe(0.75);
    expect(classificationError(f, y, 1)).toBe(0);
    expectClose(meanLogistic(f, y, 4), lossValue({ kind: 'logistic', reduction: 'mean' }, f, y, 4), 1e-15);
  });

  it('the logistic loss stays finite at extreme margins: log(1 + e^{−t}) ≈ −t for t ≪ 0, e^{−t} for t ≫ 0', () => {
    const y = Float64Array.of(1, 1, 1);
    const f = Float64Array.of(-800, 40, 800);
    const L = meanLogistic(f, y, 3);
    expectClose(L, (800 + Math.exp(-40) + 0) / 3, 1e-15);
    expect(meanLogistic(Float64Array.of(50), Float64Array.of(1), 1)).toBeGreaterThan(0);
  });

  it('γ̄ is scale-invariant for the 1-homogeneous ReLU network with fixed a: γ̄(cW) = γ̄(W)', () => {
    const s = stream(1);
    const d = 5;
    const m = 7;
    const n = 9;
    const net = architecture({ activation: 'relu', d, m, outputScaling: 'inv-sqrt-m' });
    const W = s.normals(m * d);
    const a = s.normals(m);
    const X = s.normals(n * d);
    const y = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1));
    const base = marginState(net, W, a, X, y, n);
    const f = predict(net, W, a, X, n);
    expectClose(base.minMargin, minMargin(f, y, n), 1e-15);
    expectClose(base.norm, frobenius(W), 1e-15);
    expectClose(base.normalized, base.minMargin / base.norm, 1e-15);
    const scaled = marginState(net, W.map((w) => 3.5 * w), a, X, y, n);
    expectClose(scaled.normalized, base.normalized, 1e-14);
    expectClose(scaled.minMargin, 3.5 * base.minMargin, 1e-14);
  });
});

describe('maxRelativeDip', () => {
  it('is 0 for a nondecreasing series and the largest drop below an earlier peak otherwise', () => {
    expect(maxRelativeDip([0.1, 0.2, 0.2, 0.5])).toBe(0);
    expect(maxRelativeDip([])).toBe(0);
    expectClose(maxRelativeDip([1, 2, 1.5, 3, 2.9]), 0.25, 1e-15);
    // Relative to the earlier value's magnitude, also for negative margins.
    expectClose(maxRelativeDip([-1, -2]), 1, 1e-15);
  });
});
