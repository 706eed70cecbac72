// reusing-batches.overlap-curve (properties/reusing-batches/overlap-curve.ts): the kit's tests, every small-ladder
// trial scored, the measured curve against the published one, the one-pass control and its premise.
import { describe, expect, it } from 'vitest';
import { M1_PUBLISHED, overlapCurve } from '../../../properties/reusing-batches/overlap-curve';
import { rungName, type Rung } from '../../../src/contract/claim';
import { idleTrainer, describeClaim, everyTrialOk, rungRate } from '../../helpers/claim-kit';


describeClaim('reusing-batches', overlapCurve, { perRung: everyTrialOk });

describe('reusing-batches.overlap-curve: the published curve', () => {
  it('M1 references the published curve on every rung up to t = 3', () => {
    for (const rung of overlapCurve.ladders.default) {
      expect(overlapCurve.reference?.(rung.params)).toEqual({ meanOverlap: M1_PUBLISHED[rung.params.t - 1] });
      expect(rung.params.seeds).toBeGreaterThanOrEqual(20);
    }
  });

  it('M1: the measured mean overlap at t = 1, 2, 3 (D = 64, 40 seeds) is within 0.03 of 0.0987, 0.1609, 0.2010', async () => {
    for (const t of [1, 2, 3]) {
      const rung = overlapCurve.ladders.default.find((r) => r.params.t === t && r.params.fresh === 0) as Rung;
      const { outcomes } = await rungRate(overlapCurve, { ...rung, runs: 1 });
      const measured = outcomes[0].observables.meanOverlap;
      expect(Math.abs(measured - M1_PUBLISHED[t - 1]), `t = ${t}: ${measured}`).toBeLessThan(0.03);
    }
  });

  it('M1 gates its one-pass control at t = 3 and observes t = 2 (one-pass is within 0.03 of the curve there)', () => {
    expect(overlapCurve.expect({ D: 64, alpha: 3, t: 2, fresh: 1, seeds: 40 }).outcome).toBe('observe');
    expect(overlapCurve.expect({ D: 64, alpha: 3, t: 3, fresh: 1, seeds: 40 }).outcome).toBe('fails');
    expect(overlapCurve.expect({ D: 64, alpha: 3, t: 4, fresh: 0, seeds: 40 }).outcome).toBe('observe');
  });
});

describe('reusing-batches.overlap-curve evaluates the trained network', () => {
  const idle = idleTrainer;
  /** A rung with fewer runs per trial: the idle trainer's outcome does not depend on the noise. */
  const light = (rung: Rung): Rung => ({ ...rung, params: { ...rung.params, seeds: 8 }, runs: 1 });
  const rungs = [...overlapCurve.ladders.small, ...overlapCurve.ladders.default];

  it('a trainer that takes no step fails every holds rung (m stays 0)', async () => {
    for (const rung of rungs.filter((r) => r.expected.outcome === 'holds')) {
      const { outcomes, passes } = await rungRate(overlapCurve, light(rung), { trainer: idle });
      expect(passes, rungName(rung)).toBe(0);
      expect(outcomes[0].observables.meanOverlap).toBeLessThan(1e-12);
    }
  });

  it('a trainer that takes no step cannot agree with the control: its trials are not scored, and say why', async () => {
    for (const rung of rungs.filter((r) => r.expected.outcome === 'fails')) {
      const { outcomes } = await rungRate(overlapCurve, light(rung), { trainer: idle });
      expect(outcomes[0].status, rungName(rung)).toBe('not-scored');
      expect(outcomes[0].reason).toMatch(/first step did not reach the published m\(1\)/);
    }
  });

  it('the control\'s premise holds for the reference trainer: its first step is the published one', async () => {
    const m1 = overlapCurve.ladders.small.find((r) => r.expected.outcome === 'fails') as Rung;
    const { outcomes } = await rungRate(overlapCurve, { ...m1, runs: 1 });
    expect(outcomes[0].status).toBe('ok');
    expect(Math.abs(outcomes[0].observables.meanOverlapStep1 - M1_PUBLISHED[0])).toBeLessThan(0.01);
  });
});
