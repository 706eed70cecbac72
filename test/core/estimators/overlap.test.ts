import { describe, expect, it } from 'vitest';
import { squaredOverlap } from '../../../src/core/estimators/overlap';

describe('squaredOverlap', () => {
  it('is the squared cosine: 1 for parallel vectors, 0 for orthogonal or zero ones, scale- and sign-free', () => {
    expect(squaredOverlap([1, 2], [-2, -4])).toBeCloseTo(1, 15);
    expect(squaredOverlap([1, 0], [0, 3])).toBe(0);
    expect(squaredOverlap([0, 0], [1, 1])).toBe(0);
    expect(squaredOverlap([1, 1], [1, 0])).toBeCloseTo(0.5, 15);
    expect(() => squaredOverlap([1], [1, 2])).toThrow(/lengths/);
  });
});
