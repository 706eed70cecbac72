import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstNonFinite } from '../../src/contract/finite';

describe('firstNonFinite', () => {
  it('finds the first NaN or infinity wherever it sits, and −1 when there is none', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 23 }),
        fc.array(fc.record({ at: fc.nat(), bad: fc.constantFrom(Number.NaN, Infinity, -Infinity) }), { maxLength: 3 }),
        (finite, holes) => {
          const v = Float64Array.from(finite);
          for (const { at, bad } of holes) if (v.length > 0) v[at % v.length] = bad;
          expect(firstNonFinite(v)).toBe(v.findIndex((x) => !Number.isFinite(x)));
        },
      ),
      { numRuns: 500 },
    );
  });
  it('takes −0 and the largest doubles as finite', () => {
    expect(firstNonFinite(Float64Array.of(-0, -0, -0, -0, Number.MAX_VALUE, -Number.MAX_VALUE))).toBe(-1);
  });
});
