// Tests of data-repetition.even-no-gain (properties/data-repetition/even-no-gain.ts): the kit's, with the premise on
// the small ladder, then the rule and trainers that do not perform the dynamics.
import { describe, expect, it } from 'vitest';
import { evenTargetsNoGain } from '../../../properties/data-repetition/even-no-gain';
import { DEFAULT_P_FAIL } from '../../../src/core/stats/stats';
import displacementIgnored from '../../fixtures/broken-trainers/displacement-ignored';
import { describeClaim, rungRate } from '../../helpers/claim-kit';
import { repetitionPremiseHeld, repetitionUntrained } from '../../helpers/online-claims';

describeClaim('data-repetition', evenTargetsNoGain, { perRung: repetitionPremiseHeld });

describe('data-repetition.even-no-gain: ladders and rule', () => {
  it('has a holds rung and a negative control on the large ladder as well', () => {
    const outcomes = evenTargetsNoGain.ladders.large.map((r) => r.expected.outcome);
    expect(outcomes).toContain('holds');
    expect(outcomes).toContain('fails');
  });

  it('R2 gates He2 at 50d ≤ T ≤ 100d, with He3 at T = 300d as the control', () => {
    expect(evenTargetsNoGain.expect({ d: 64, Td: 100, k: 2 }).outcome).toBe('holds');
    expect(evenTargetsNoGain.expect({ d: 64, Td: 300, k: 2 }).outcome).toBe('observe');
    expect(evenTargetsNoGain.expect({ d: 64, Td: 50, k: 2 }).outcome).toBe('holds');
    expect(evenTargetsNoGain.expect({ d: 64, Td: 20, k: 2 }).outcome).toBe('observe');
    expect(evenTargetsNoGain.expect({ d: 64, Td: 300, k: 3 }).outcome).toBe('fails');
  });
});

describe('data-repetition.even-no-gain: trainers that do not perform the dynamics', () => {
  it('a trainer that returns its initial weights passes no holds rung and is not scored: every check reads the premise', async () => {
    await repetitionUntrained(evenTargetsNoGain, () => true);
  });

  it("displacement ignored (each sample used once): R2's control stops failing", async () => {
    const [control] = evenTargetsNoGain.ladders.small.filter((r) => r.expected.outcome === 'fails');
    const r2 = await rungRate(evenTargetsNoGain, { ...control, runs: 4 }, { trainer: displacementIgnored });
    expect(r2.passes / r2.scored).toBeGreaterThan(DEFAULT_P_FAIL);
  });
});
