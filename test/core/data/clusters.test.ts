import { describe, expect, it } from 'vitest';
import { drawGroups, groupsSeen, sampleGroups } from '../../../src/core/data/clusters';
import { stream } from '../../../src/core/rng';

describe('drawGroups', () => {
  it('places k centres of norm 0.9 at pairwise distance ≥ 1 with labels ±1 (CLAIMS T5)', () => {
    const k = 32;
    const d = 16;
    const G = drawGroups(stream(1), k, d);
    for (let g = 0; g < k; g++) {
      let q = 0;
      for (let j = 0; j < d; j++) q += G.centres[g * d + j] ** 2;
      expect(Math.sqrt(q)).toBeCloseTo(0.9, 14);
      expect(Math.abs(G.labels[g])).toBe(1);
      for (let h = 0; h < g; h++) {
        let dist = 0;
        for (let j = 0; j < d; j++) dist += (G.centres[g * d + j] - G.centres[h * d + j]) ** 2;
        expect(Math.sqrt(dist)).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('is a pure function of its stream', () => {
    const a = drawGroups(stream('x'), 5, 4);
    const b = drawGroups(stream('x'), 5, 4);
    expect(Array.from(a.centres)).toEqual(Array.from(b.centres));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
  });

  it('throws when the separation cannot be met (three points at distance ≥ 1 on a circle of radius 0.1)', () => {
    expect(() => drawGroups(stream(2), 3, 2, { norm: 0.1, maxTries: 200 })).toThrow(RangeError);
  });
});

describe('sampleGroups', () => {
  it('puts every point within the radius of its centre, with its group label, and ‖x‖ ≤ 1', () => {
    const d = 8;
    const G = drawGroups(stream(3), 6, d);
    const S = sampleGroups(stream(4), G, 500);
    let maxRadius = 0;
    for (let i = 0; i < S.n; i++) {
      const g = S.group[i];
      expect(S.y[i]).toBe(G.labels[g]);
      let q = 0;
      let norm = 0;
      for (let j = 0; j < d; j++) {
        q += (S.X[i * d + j] - G.centres[g * d + j]) ** 2;
        norm += S.X[i * d + j] ** 2;
      }
      maxRadius = Math.max(maxRadius, Math.sqrt(q));
      expect(Math.sqrt(norm)).toBeLessThanOrEqual(1);
    }
    expect(maxRadius).toBeLessThanOrEqual(0.05 * (1 + 1e-12));
    // Uniform in the ball: P(radius > 0.05·0.5^{1/d}) = ½, so the largest of 500 is close to the radius.
    expect(maxRadius).toBeGreaterThan(0.05 * 0.5 ** (1 / d));
  });

  it('counts the groups a sample has seen', () => {
    expect(groupsSeen(Int32Array.from([0, 2, 2, 5]), 6)).toBe(3);
    const G = drawGroups(stream(5), 4, 3);
    expect(groupsSeen(sampleGroups(stream(6), G, 400).group, 4)).toBe(4);
  });
});
