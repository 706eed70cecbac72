// Tests of data-repetition.hierarchical (properties/data-repetition/hierarchical.ts): the kit's (its holds rung is on
// the large ladder only, for cost), then the rule, the order on the small ladder and trainers that do not train.
import { describe, expect, it } from 'vitest';
import { hierarchicalOrder, learnedBound } from '../../../properties/data-repetition/hierarchical';
import displacementIgnored from '../../fixtures/broken-trainers/displacement-ignored';
import { describeClaim, everyTrialOk, rungRate } from '../../helpers/claim-kit';
import { expectClose } from '../../helpers/close';
import { repetitionUntrained } from '../../helpers/online-claims';

describeClaim('data-repetition', hierarchicalOrder, { observeOnly: [hierarchicalOrder], perRung: everyTrialOk });

describe('data-repetition.hierarchical: ladders, rule and bound', () => {
  it('gates the order from d = 64 at T = 500 d log d on the large ladder, with plain SGD (d = 128) and the short horizon as controls', () => {
    const at = (d: number, TdLogd: number, repeat: number) => hierarchicalOrder.expect({ d, TdLogd, repeat }).outcome;
    expect(at(64, 500, 1)).toBe('holds');
    expect(at(128, 500, 1)).toBe('holds');
    expect(at(128, 500, 0)).toBe('fails');
    expect(at(64, 500, 0)).toBe('observe');
    expect(at(64, 100, 1)).toBe('fails');
    expect(at(64, 150, 1)).toBe('observe');
    expect(at(32, 150, 1)).toBe('fails');
    expect(at(32, 500, 1)).toBe('observe');
    expect(at(32, 500, 0)).toBe('observe');
    expect(at(64, 300, 1)).toBe('observe');
    const large = hierarchicalOrder.ladders.large.map((r) => r.expected.outcome);
    expect(large).toContain('holds');
    expect(large).toContain('fails');
  });

  it('the bound is the null overlap of 4 rows and 2 directions at δ = 0.01', () => {
    for (const d of [32, 64, 128]) expectClose(16 * Math.exp((-d * learnedBound(d) ** 2) / 2), 0.01, 1e-12);
  });
});

describe('data-repetition.hierarchical: the order and trainers that do not perform the dynamics', () => {
  const [, long] = hierarchicalOrder.ladders.small;

  it('repetition learns θ1, then θ2; with the displacement ignored θ2 is not learned in the same T', async () => {
    const repeated = await rungRate(hierarchicalOrder, long);
    expect(repeated.passes).toBe(repeated.runs);
    for (const o of repeated.outcomes) expect(o.observables.t1OverDLogD).toBeLessThan(o.observables.t2OverDLogD);
    const ignored = await rungRate(hierarchicalOrder, long, { trainer: displacementIgnored });
    expect(ignored.scored).toBe(ignored.runs);
    expect(ignored.passes).toBe(0);
  });

  it('a trainer that returns its initial weights is not scored: it did not learn θ1', async () => {
    await repetitionUntrained(hierarchicalOrder, () => true);
  });
});
