import { describe, expect, it } from 'vitest';
import { empiricalBarrier } from '../../../properties/quadratic/empirical-barrier';
import { describeClaim } from '../../helpers/claim-kit';

describeClaim('quadratic', empiricalBarrier, {
  untrained: [empiricalBarrier],
  perRung: (_claim, _rung, rate) => expect(rate.outcomes.every((o) => o.status !== 'error'), rate.outcomes.map((o) => o.reason).join('; ')).toBe(true),
});

describe('quadratic.empirical-barrier in detail', () => {
  it('has a large ladder', () => {
    expect(empiricalBarrier.ladders.large.length).toBeGreaterThan(0);
  });

  it('Q1b reads its threshold from the parameters (--at): no fixed expectation below N/d² = 1', () => {
    expect(empiricalBarrier.expect({ d: 4, NOverD2: 0.5, family: 1 }).outcome).toBe('observe');
  });
});
