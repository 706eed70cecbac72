import { describe, expect, it } from 'vitest';
import { identityBelowBarrier } from '../../../properties/quadratic/identity-below-barrier';
import { describeClaim } from '../../helpers/claim-kit';

describeClaim('quadratic', identityBelowBarrier, {
  untrained: [identityBelowBarrier],
  perRung: (_claim, _rung, rate) => expect(rate.outcomes.every((o) => o.status !== 'error'), rate.outcomes.map((o) => o.reason).join('; ')).toBe(true),
});

describe('quadratic.identity-below-barrier in detail', () => {
  it('has a large ladder', () => {
    expect(identityBelowBarrier.ladders.large.length).toBeGreaterThan(0);
  });

  it('Q3 reads its threshold from the parameters (--at), an explicit m* winning over the ratio', () => {
    expect(identityBelowBarrier.expect({ d: 4, mStarOverD2: 1, mStar: 128 }).outcome).toBe('holds');
    expect(identityBelowBarrier.expect({ d: 4, mStarOverD2: 3 }).outcome).toBe('observe');
  });
});
