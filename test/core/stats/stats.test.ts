import { describe, expect, it } from 'vitest';
import { quantileSorted, summarise, wilson } from '../../../src/core/stats/stats';

describe('wilson', () => {
  it('matches published values', () => {
    // 8 of 10: Wilson 95% interval [0.4902, 0.9433] (Newcombe 1998, method 3).
    const [lo, hi] = wilson(8, 10);
    expect(lo).toBeCloseTo(0.4902, 4);
    expect(hi).toBeCloseTo(0.9433, 4);
  });
  it('stays inside [0, 1] at the extremes and is [0, 1] with no trials', () => {
    expect(wilson(0, 20)[0]).toBe(0);
    expect(wilson(20, 20)[1]).toBe(1);
    expect(wilson(0, 0)).toEqual([0, 1]);
  });
  it('gives exactly 0 at no passes and exactly 1 at all passes, for every count', () => {
    // At 12 runs centre − half rounds to 2.8e−17, which a report would print as a lower bound.
    for (let runs = 1; runs <= 200; runs++) {
      expect(wilson(0, runs)[0]).toBe(0);
      expect(wilson(runs, runs)[1]).toBe(1);
    }
  });
  it('narrows as runs grow', () => {
    const w = (n: number) => wilson(n / 2, n)[1] - wilson(n / 2, n)[0];
    expect(w(400)).toBeLessThan(w(100));
  });
});

describe('quantiles', () => {
  it('interpolates linearly like numpy', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.1)).toBe(2);
    expect(summarise([])).toBeUndefined();
  });
});
