// Tests of properties/clustering/family.ts: the algorithmic threshold λ_alg.
import { describe, expect, it } from 'vitest';
import { algorithmicThreshold } from '../../../properties/clustering/family';

describe('the clustering family', () => {
  it('puts λ_alg at 1/(ρ√α)', () => {
    expect(algorithmicThreshold(0.5, 2)).toBeCloseTo(Math.SQRT2, 15);
  });
});
