import { describe, expect, it } from 'vitest';
import { sampleSpiked, supportOf } from '../../../src/core/data/spiked';
import { stream } from '../../../src/core/rng';

describe('the sparse spiked mixture Y = √(λ/d) v0 u0ᵀ + Z', () => {
  it('adds exactly the rank-one spike to standard Gaussian noise', () => {
    const d = 40;
    const n = 80;
    const lambda = 3;
    const a = sampleSpiked(stream(1), d, n, lambda, { rho: 0.5 });
    const noise = sampleSpiked(stream(1), d, n, 0, { rho: 0.5 });
    // Same seed, λ = 0: the same Z, so the difference is the spike.
    const c = Math.sqrt(lambda / d);
    let maxErr = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < n; j++) maxErr = Math.max(maxErr, Math.abs(a.Y[i * n + j] - noise.Y[i * n + j] - c * a.v0[i] * a.u0[j]));
    expect(maxErr).toBeLessThan(1e-14);
    // Z: mean 0, variance 1 within 4 standard errors over d·n entries.
    const N = d * n;
    const mean = noise.Y.reduce((s, v) => s + v, 0) / N;
    const variance = noise.Y.reduce((s, v) => s + v * v, 0) / N;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
    expect(a.u0.every((u) => u === 1 || u === -1)).toBe(true);
  });

  it('makes v0 Bernoulli(ρ)-sparse, or supported on exactly s entries', () => {
    const d = 4000;
    const { v0 } = sampleSpiked(stream(2), d, 1, 1, { rho: 0.25 });
    const k = supportOf(v0).length;
    expect(Math.abs(k / d - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / d));
    for (const s of [1, 2, 7]) {
      const { v0: w } = sampleSpiked(stream(`s${s}`), 64, 3, 1, { support: s });
      expect(supportOf(w).length).toBe(s);
    }
  });

  it('is a pure function of the seed and rejects bad parameters by name', () => {
    const a = sampleSpiked(stream(9), 5, 6, 2, { support: 2 });
    const b = sampleSpiked(stream(9), 5, 6, 2, { support: 2 });
    expect(Array.from(a.Y)).toEqual(Array.from(b.Y));
    expect(() => sampleSpiked(stream(1), 5, 6, 2, { support: 6 })).toThrow(/support/);
    expect(() => sampleSpiked(stream(1), 5, 6, 2, { rho: 0 })).toThrow(/rho/);
    expect(() => sampleSpiked(stream(1), 5, 6, -1, { rho: 0.5 })).toThrow(/lambda/);
  });
});
