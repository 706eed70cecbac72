import { describe, expect, it } from 'vitest';
import { hypercubeInputs, hypercubeVertices } from '../../../src/core/data/hypercube';
import { coordinateDirections, sparseParity } from '../../../src/core/data/targets';
import { stream } from '../../../src/core/rng';

describe('hypercubeInputs', () => {
  it('draws entries ±1/√d (so ‖x‖ = 1), a pure function of the stream', () => {
    const d = 9;
    const X = hypercubeInputs(stream(3), 50, d);
    for (const v of X) expect(Math.abs(v)).toBe(1 / 3);
    expect(Array.from(hypercubeInputs(stream(3), 50, d))).toEqual(Array.from(X));
  });

  it('draws each sign with probability ½: the count is within 5 standard errors', () => {
    const n = 20_000;
    const X = hypercubeInputs(stream(4), n, 2);
    let plus = 0;
    for (const v of X) if (v > 0) plus++;
    expect(Math.abs(plus - n)).toBeLessThan(5 * Math.sqrt(2 * n * 0.25));
  });
});

describe('hypercubeVertices', () => {
  it('lists all 2^d distinct vertices', () => {
    const d = 5;
    const X = hypercubeVertices(d);
    const keys = new Set<string>();
    for (let i = 0; i < 2 ** d; i++) keys.add(Array.from(X.subarray(i * d, (i + 1) * d)).join(','));
    expect(keys.size).toBe(2 ** d);
    for (const v of X) expect(Math.abs(v)).toBeCloseTo(1 / Math.sqrt(d), 15);
  });

  it('y = d·x1·x2 is the parity of the first two coordinates: exactly half the cube is labelled +1', () => {
    const d = 6;
    const N = 2 ** d;
    const X = hypercubeVertices(d);
    const y = sparseParity(X, N, d, coordinateDirections(2, d), 2);
    let sum = 0;
    for (let i = 0; i < N; i++) {
      expect(y[i]).toBeCloseTo(d * X[i * d] * X[i * d + 1], 12);
      sum += y[i];
    }
    expect(sum).toBe(0);
  });

  it('rejects dimensions it cannot enumerate', () => {
    expect(() => hypercubeVertices(0)).toThrow(RangeError);
    expect(() => hypercubeVertices(21)).toThrow(RangeError);
  });
});
