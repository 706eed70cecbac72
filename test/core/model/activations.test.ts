import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isActivation, sigma, sigmaInto, sigmaPrime, sigmaPrimeInto } from '../../../src/core/model/activations';
import { ACTIVATIONS } from '../../../src/contract/values';
import { expectArraysClose, expectClose } from '../../helpers/close';

const z = fc.double({ min: -5, max: 5, noNaN: true });

describe('activations', () => {
  it('match their definitions at hand-computed points', () => {
    expect(sigma('relu', -2)).toBe(0);
    expect(sigma('relu', 3)).toBe(3);
    expect(sigma('quadratic', -3)).toBe(9);
    expect(sigma('linear', -1.5)).toBe(-1.5);
    expectClose(sigma('tanh', 0.5), Math.tanh(0.5));
    // He2(2) = 3, He3(2) = 8 − 6 = 2, He4(2) = 16 − 24 + 3 = −5.
    expect(sigma('he2', 2)).toBe(3);
    expect(sigma('he3', 2)).toBe(2);
    expect(sigma('he4', 2)).toBe(-5);
    expect(sigmaPrime('he3', 2)).toBe(9);
    expect(sigmaPrime('he4', 2)).toBe(8);
  });

  it("relu'(0) = 0, and relu'(z) is 1 for z > 0", () => {
    expect(sigmaPrime('relu', 0)).toBe(0);
    expect(sigmaPrime('relu', 1e-300)).toBe(1);
    expect(sigmaPrime('relu', -1e-300)).toBe(0);
    expect(sigmaPrimeInto('relu', new Float64Array([0, -0, 2, -2]), new Float64Array(4))).toEqual(new Float64Array([0, 0, 1, 0]));
  });

  it('isActivation accepts exactly the listed names', () => {
    for (const a of ACTIVATIONS) expect(isActivation(a)).toBe(true);
    expect(isActivation('sigmoid')).toBe(false);
  });

  for (const kind of ACTIVATIONS) {
    describe(kind, () => {
      it("σ' agrees with a central difference of σ", () => {
        fc.assert(
          fc.property(z, (v) => {
            // h = 1e-5·max(1,|z|): truncation h²|σ'''|/6 ≤ (5e-5)²·120/6 = 5e-8 (He4 at |z| = 5) and
            // rounding ≈ 1e-16·|σ|/h ≤ 1e-8, both below 1e-6·max(1, |σ'|). Skip the relu kink within h.
            const h = 1e-5 * Math.max(1, Math.abs(v));
            if (kind === 'relu' && Math.abs(v) <= h) return;
            const fd = (sigma(kind, v + h) - sigma(kind, v - h)) / (2 * h);
            expectClose(sigmaPrime(kind, v), fd, 1e-6);
          }),
        );
      });

      it('array versions equal the scalar ones, also in place and on a prefix', () => {
        fc.assert(
          fc.property(fc.array(z, { minLength: 1, maxLength: 20 }), (values) => {
            const zs = Float64Array.from(values);
            const len = Math.ceil(zs.length / 2);
            const s = sigmaInto(kind, zs, new Float64Array(zs.length).fill(7), len);
            const ds = sigmaPrimeInto(kind, zs, new Float64Array(zs.length).fill(7), len);
            for (let i = 0; i < zs.length; i++) {
              if (i < len) {
                expectClose(s[i], sigma(kind, zs[i]), 1e-14);
                expectClose(ds[i], sigmaPrime(kind, zs[i]), 1e-14);
              } else {
                expect(s[i]).toBe(7);
                expect(ds[i]).toBe(7);
              }
            }
            const inPlace = zs.slice();
            sigmaInto(kind, inPlace, inPlace);
            expectArraysClose(inPlace, Array.from(zs, (v) => sigma(kind, v)), 1e-14);
            const inPlaceD = zs.slice();
            sigmaPrimeInto(kind, inPlaceD, inPlaceD);
            expectArraysClose(inPlaceD, Array.from(zs, (v) => sigmaPrime(kind, v)), 1e-14);
          }),
        );
      });
    });
  }
});
