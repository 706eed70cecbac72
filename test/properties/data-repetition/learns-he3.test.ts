// Tests of data-repetition.learns-he3 (properties/data-repetition/learns-he3.ts): the kit's, with the premise on the
// small ladder, then the rule and trainers that do not perform the dynamics.
import { describe, expect, it } from 'vitest';
import { repetitionLearnsHe3 } from '../../../properties/data-repetition/learns-he3';
import { DEFAULT_P_HOLD } from '../../../src/core/stats/stats';
import displacementIgnored from '../../fixtures/broken-trainers/displacement-ignored';
import { describeClaim, rungRate } from '../../helpers/claim-kit';
import { everyTrialScored, repetitionPremiseHeld, repetitionUntrained } from '../../helpers/online-claims';

describeClaim('data-repetition', repetitionLearnsHe3, { perRung: repetitionPremiseHeld });

describe('data-repetition.learns-he3: ladders and rule', () => {
  it('has a holds rung and a negative control on the large ladder as well', () => {
    const outcomes = repetitionLearnsHe3.ladders.large.map((r) => r.expected.outcome);
    expect(outcomes).toContain('holds');
    expect(outcomes).toContain('fails');
  });

  it('R1 gates T = 300d (repeated from d = 32, plain from d = 64 up to 500d); shorter horizons are observe', () => {
    const at = (d: number, Td: number, repeat: number) => repetitionLearnsHe3.expect({ d, Td, repeat }).outcome;
    expect(at(64, 300, 1)).toBe('holds');
    expect(at(32, 300, 1)).toBe('holds');
    expect(at(64, 300, 0)).toBe('fails');
    expect(at(32, 300, 0)).toBe('observe');
    expect(at(64, 2000, 0)).toBe('observe');
    expect(at(64, 100, 1)).toBe('observe');
  });
});

describe('data-repetition.learns-he3: trainers that do not perform the dynamics', () => {
  it('a trainer that returns its initial weights passes no holds rung and is not scored where "not learned" is the check', async () => {
    // R1's repeated rung asks for cos > 1/2, which the untrained weights fail; the plain control reads the premise.
    await repetitionUntrained(repetitionLearnsHe3, (rung) => rung.params.repeat !== 1);
  });

  it('displacement ignored (each sample used once): R1 does not learn He3', async () => {
    const [repeated] = repetitionLearnsHe3.ladders.small.filter((r) => r.expected.outcome === 'holds');
    const r1 = await rungRate(repetitionLearnsHe3, repeated, { trainer: displacementIgnored });
    everyTrialScored(r1);
    expect(r1.passes / r1.scored).toBeLessThan(DEFAULT_P_HOLD);
  });
});
