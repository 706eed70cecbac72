// Tests of data-repetition.multi-index (properties/data-repetition/multi-index.ts): the kit's, with the premise on the
// small ladder, then the rule, the null bound and trainers that do not perform the dynamics.
import { describe, expect, it } from 'vitest';
import { learnedBound, multiIndexLearned } from '../../../properties/data-repetition/multi-index';
import { DEFAULT_P_HOLD } from '../../../src/core/stats/stats';
import displacementIgnored from '../../fixtures/broken-trainers/displacement-ignored';
import { describeClaim, rungRate } from '../../helpers/claim-kit';
import { expectClose } from '../../helpers/close';
import { everyTrialScored, repetitionPremiseHeld, repetitionUntrained } from '../../helpers/online-claims';

describeClaim('data-repetition', multiIndexLearned, { perRung: repetitionPremiseHeld });

describe('data-repetition.multi-index: ladders, rule and bound', () => {
  it('has a holds rung and a negative control on the large ladder as well', () => {
    const outcomes = multiIndexLearned.ladders.large.map((r) => r.expected.outcome);
    expect(outcomes).toContain('holds');
    expect(outcomes).toContain('fails');
  });

  it('gates repetition at 100 ≤ T/(d log d) ≤ 150 and the plain control at 50–150, from d = 64', () => {
    const at = (d: number, TdLogd: number, repeat: number) => multiIndexLearned.expect({ d, TdLogd, repeat }).outcome;
    expect(at(64, 100, 1)).toBe('holds');
    expect(at(128, 150, 1)).toBe('holds');
    expect(at(64, 50, 1)).toBe('observe');
    expect(at(64, 100, 0)).toBe('fails');
    expect(at(64, 50, 0)).toBe('fails');
    expect(at(64, 400, 0)).toBe('observe');
    expect(at(32, 100, 1)).toBe('observe');
  });

  it('the bound is the null overlap at δ = 0.01: 4 e^{−d b²/2} = δ, and it falls like 1/√d', () => {
    for (const d of [32, 64, 128]) expectClose(4 * Math.exp((-d * learnedBound(d) ** 2) / 2), 0.01, 1e-12);
    expectClose(learnedBound(64) / learnedBound(128), Math.SQRT2, 1e-12);
  });
});

describe('data-repetition.multi-index: trainers that do not perform the dynamics', () => {
  it('a trainer that returns its initial weights passes no holds rung and is not scored on the plain control', async () => {
    // The repeated rung asks for both overlaps above the bound, which the untrained weights (⟂ both) fail.
    await repetitionUntrained(multiIndexLearned, (rung) => rung.params.repeat !== 1);
  });

  it('displacement ignored (each sample used once): the two directions are not learned', async () => {
    const [repeated] = multiIndexLearned.ladders.small.filter((r) => r.expected.outcome === 'holds');
    const rate = await rungRate(multiIndexLearned, repeated, { trainer: displacementIgnored });
    everyTrialScored(rate);
    expect(rate.passes / rate.scored).toBeLessThan(DEFAULT_P_HOLD);
  });
});
