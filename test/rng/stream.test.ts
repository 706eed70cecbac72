import { describe, expect, it } from 'vitest';
import { deriveSeed, stream } from '../../src/rng';

describe('stream', () => {
  it('is a pure function of its seed', () => {
    expect(Array.from(stream(7).normals(5))).toEqual(Array.from(stream(7).normals(5)));
    expect(stream(7).uniform()).not.toBe(stream(8).uniform());
  });
  it('derives children by label, independent of how much the parent was used', () => {
    const a = stream('s');
    a.normals(100);
    expect(a.child('data').uniform()).toBe(stream('s').child('data').uniform());
    expect(a.child('data').uniform()).not.toBe(a.child('init').uniform());
  });
  it('draws standard normals: mean and variance within 5 standard errors', () => {
    const n = 200_000;
    const z = stream(1).normals(n);
    let mean = 0;
    for (const v of z) mean += v / n;
    let variance = 0;
    for (const v of z) variance += (v - mean) ** 2 / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    // Var of the sample variance of N(0,1) is 2/(n−1).
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / (n - 1)));
  });
  it('draws integers in the inclusive range', () => {
    const s = stream(2);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(s.int(-2, 2));
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort());
  });
});

describe('deriveSeed', () => {
  it('gives non-negative 32-bit seeds that differ by coordinate', () => {
    const a = deriveSeed(1, 'claim', 'rung', 0);
    expect(a).toBe(deriveSeed(1, 'claim', 'rung', 0));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(2 ** 31);
    expect(new Set([0, 1, 2, 3].map((i) => deriveSeed(1, 'claim', 'rung', i))).size).toBe(4);
    expect(deriveSeed(1, 'ab', 'c')).not.toBe(deriveSeed(1, 'a', 'bc'));
  });
});
