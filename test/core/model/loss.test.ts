import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lossAndDerivative, lossValue, softplusNeg } from '../../../src/core/model/loss';
import { LOSS_KINDS, REDUCTIONS } from '../../../src/contract/values';
import type { LossSpec } from '../../../src/contract/trainer';
import { expectClose } from '../../helpers/close';

const f64 = (...v: number[]) => Float64Array.from(v);

describe('lossValue', () => {
  it('square, logistic and correlation at hand-computed points, mean and sum', () => {
    const f = f64(1, -2);
    const y = f64(3, 1);
    // square: ½(2² + 3²) = 6.5; correlation: −(3·1 + 1·(−2)) = −1.
    expect(lossValue({ kind: 'square', reduction: 'sum' }, f, y, 2)).toBe(6.5);
    expect(lossValue({ kind: 'square' }, f, y, 2)).toBe(3.25);
    expect(lossValue({ kind: 'correlation', reduction: 'sum' }, f, y, 2)).toBe(-1);
    expect(lossValue({ kind: 'correlation', reduction: 'mean' }, f, y, 2)).toBe(-0.5);
    // logistic: log(1 + e^{−3}) + log(1 + e^{2}).
    expectClose(lossValue({ kind: 'logistic', reduction: 'sum' }, f, y, 2), Math.log(1 + Math.exp(-3)) + Math.log(1 + Math.exp(2)));
  });

  it('uses only the first n entries (the mean divides by n)', () => {
    expect(lossValue({ kind: 'square' }, f64(1, 100), f64(0, 0), 1)).toBe(0.5);
  });

  it('logistic is finite and accurate for large margins of either sign', () => {
    // log(1 + e^{−t}) ≈ e^{−t} for t ≫ 0, ≈ −t for t ≪ 0.
    expectClose(softplusNeg(800), 0, 1e-300);
    expectClose(softplusNeg(50) / Math.exp(-50), 1, 1e-12);
    expect(softplusNeg(-800)).toBe(800);
    expectClose(lossValue({ kind: 'logistic' }, f64(1000), f64(-1), 1), 1000);
    const r = new Float64Array(1);
    lossAndDerivative({ kind: 'logistic' }, f64(1000), f64(-1), 1, r);
    expect(r[0]).toBe(1);
    lossAndDerivative({ kind: 'logistic' }, f64(1000), f64(1), 1, r);
    expect(r[0]).toBeCloseTo(0, 300);
  });
});

describe('lossAndDerivative', () => {
  for (const kind of LOSS_KINDS) {
    for (const reduction of REDUCTIONS) {
      const spec: LossSpec = { kind, reduction };
      it(`${kind}/${reduction}: returns lossValue and ∂L/∂f_i agrees with a central difference`, () => {
        fc.assert(
          fc.property(
            fc.array(fc.tuple(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })), { minLength: 1, maxLength: 8 }),
            (pairs) => {
              const n = pairs.length;
              const f = Float64Array.from(pairs, (p) => p[0]);
              const y = Float64Array.from(pairs, (p) => (kind === 'logistic' ? Math.sign(p[1]) || 1 : p[1]));
              const r = new Float64Array(n);
              const L = lossAndDerivative(spec, f, y, n, r);
              expectClose(L, lossValue(spec, f, y, n), 1e-14);
              for (let i = 0; i < n; i++) {
                // Losses are at most quadratic in f_i (|ℓ'''| ≤ 1/4 for logistic): with h = 1e-5·max(1,|f_i|)
                // the central difference is exact up to rounding ≈ 1e-16·|L|/h ≲ 1e-9.
                const h = 1e-5 * Math.max(1, Math.abs(f[i]));
                const fi = f[i];
                f[i] = fi + h;
                const up = lossValue(spec, f, y, n);
                f[i] = fi - h;
                const down = lossValue(spec, f, y, n);
                f[i] = fi;
                expectClose(r[i], (up - down) / (2 * h), 1e-7, `r[${i}]`);
              }
            },
          ),
        );
      });
    }
  }
});
