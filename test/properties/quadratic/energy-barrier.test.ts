import { describe, expect, it } from 'vitest';
import { energyBarrier } from '../../../properties/quadratic/energy-barrier';
import { describeClaim } from '../../helpers/claim-kit';

describeClaim('quadratic', energyBarrier, {
  untrained: [energyBarrier],
  perRung: (_claim, _rung, rate) => expect(rate.outcomes.every((o) => o.status !== 'error'), rate.outcomes.map((o) => o.reason).join('; ')).toBe(true),
});

describe('quadratic.energy-barrier in detail', () => {
  it('has a large ladder', () => {
    expect(energyBarrier.ladders.large.length).toBeGreaterThan(0);
  });

  it('Q1 reads its family from the parameters (--at): exact on both sides', () => {
    expect(energyBarrier.expect({ d: 6, family: 1 })).toMatchObject({ outcome: 'holds', pHold: 1 });
    expect(energyBarrier.expect({ d: 6, family: 2 })).toMatchObject({ outcome: 'fails', pFail: 0 });
  });

  it('rejects parameters outside the claim with the field named', () => {
    expect(() => energyBarrier.instance({ d: 4, family: 7 })).toThrow(/params\.family/);
  });
});
