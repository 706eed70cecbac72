import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stream } from '../../../src/core/rng/stream';
import { createSampler, gatherRows, nextBatch, shuffle } from '../../../src/core/train/batches';

describe('shuffle', () => {
  it('is a permutation, a pure function of the stream', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer(), (n, seed) => {
        const a = Int32Array.from({ length: n }, (_, i) => i);
        const b = a.slice();
        shuffle(a, stream(seed));
        shuffle(b, stream(seed));
        expect(a).toEqual(b);
        expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('is roughly uniform: each of the 6 orders of 3 items about 1/6 of the time', () => {
    const counts = new Map<string, number>();
    const rng = stream('uniformity');
    const N = 6000;
    for (let t = 0; t < N; t++) {
      const p = Int32Array.from([0, 1, 2]);
      shuffle(p, rng);
      counts.set(p.join(''), (counts.get(p.join('')) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // Binomial(6000, 1/6): sd ≈ 29; 5 sd around 1000.
    for (const c of counts.values()) expect(Math.abs(c - N / 6)).toBeLessThan(150);
  });
});

describe('nextBatch', () => {
  it('covers each sample once per pass, with a smaller last batch, and reshuffles between passes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.integer(), (n, b0, seed) => {
        const b = Math.min(b0, n);
        const sampler = createSampler(n);
        const rng = stream(seed);
        for (let pass = 0; pass < 3; pass++) {
          const seen: number[] = [];
          const sizes: number[] = [];
          while (seen.length < n) {
            const start = nextBatch(sampler, b, rng);
            const size = Math.min(b, n - start);
            sizes.push(size);
            for (let k = 0; k < size; k++) seen.push(sampler.order[start + k]);
          }
          expect(seen.slice().sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
          expect(sizes.slice(0, -1).every((s) => s === b)).toBe(true);
          expect(sizes.at(-1)).toBe(n - b * (sizes.length - 1));
        }
      }),
    );
  });
});

describe('gatherRows', () => {
  it('copies the chosen rows and labels contiguously', () => {
    const X = Float64Array.from([0, 1, 10, 11, 20, 21]);
    const y = Float64Array.from([0, 1, 2]);
    const Xb = new Float64Array(4);
    const yb = new Float64Array(2);
    gatherRows(X, y, 2, Int32Array.from([2, 0, 1]), 0, 2, Xb, yb);
    expect(Array.from(Xb)).toEqual([20, 21, 0, 1]);
    expect(Array.from(yb)).toEqual([2, 0]);
    gatherRows(X, y, 2, Int32Array.from([2, 0, 1]), 2, 1, Xb, yb);
    expect(Array.from(Xb)).toEqual([10, 11, 0, 1]);
    expect(Array.from(yb)).toEqual([1, 0]);
  });
});
