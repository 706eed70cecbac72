import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawTeacher } from '../../../properties/quadratic/family';
import { uniformBarrier } from '../../../properties/quadratic/uniform-barrier';
import { stream } from '../../../src/core/rng';
import type { Trainer, TrainRequest } from '../../../src/contract/trainer';
import { describeClaim, idleTrainer, rungRate } from '../../helpers/claim-kit';
import { expectClose } from '../../helpers/close';

/** Every student the adversary returns has rank < d, so its population risk is above the barrier (Q1), up to rounding. */
const ABOVE_POPULATION_BARRIER = 1 - 1e-9;

describeClaim('quadratic', uniformBarrier, {
  perRung(_claim, _rung, rate) {
    for (const o of rate.outcomes) {
      expect(o.status, o.reason).not.toBe('error');
      if (o.status === 'ok') expect(o.observables.ratio).toBeGreaterThanOrEqual(ABOVE_POPULATION_BARRIER);
    }
  },
});

const holds = uniformBarrier.ladders.small.find((r) => r.expected.outcome === 'holds')!;
const control = uniformBarrier.ladders.small.find((r) => r.expected.outcome === 'fails')!;

describe('quadratic.uniform-barrier in detail', () => {
  it('reads its thresholds from the parameters (--at), an explicit N winning over the ratio', () => {
    expect(uniformBarrier.expect({ d: 4, NOverD2: 64 }).outcome).toBe('holds');
    expect(uniformBarrier.expect({ d: 4, NOverD2: 64, N: 4 }).outcome).toBe('fails');
    expect(uniformBarrier.expect({ d: 8, NOverD2: 8 }).outcome).toBe('observe');
    expect(uniformBarrier.expect({ d: 3, NOverD2: 64 }).outcome).toBe('observe');
  });

  it('the adversary is GD on L_N over students of d − 1 rows from several starts, stopping below (1 − δ)·B', async () => {
    const seen: TrainRequest[] = [];
    const spy: Trainer = { ...idleTrainer, name: 'spy', train: (r) => (seen.push(r), idleTrainer.train(r)) };
    const [instance] = fc.sample(fc.noBias(uniformBarrier.instance(holds.params)), { seed: 4, numRuns: 1 });
    await uniformBarrier.check(instance, { trainer: spy, params: holds.params });
    const teacher = drawTeacher(stream(instance.seed).child('teacher'), instance.mStar, instance.d);
    expect(seen.length).toBeGreaterThan(1);
    expect(new Set(seen.map((r) => r.network.W[0])).size).toBe(seen.length);
    for (const r of seen) {
      expect(r.network).toMatchObject({ activation: 'quadratic', m: instance.d - 1, d: instance.d, trainFirst: true, trainSecond: false });
      expect(r.algorithm.kind).toBe('gd-backtracking');
      // The trainer's loss is L_N / 2: stopping at (1 − δ)·B / 2 is L_N = 0.9 B.
      expectClose(r.algorithm.stopAtLoss!, (0.9 * teacher.B) / 2, 1e-12, 'stopAtLoss');
      expect(r.data.n).toBe(64 * instance.d ** 2);
    }
  });
});

describe('both sides are runs of the adversary', () => {
  it('at N = d the reference adversary finds a rank-(d−1) student below (1 − δ)·B, whose population risk is still above B', async () => {
    const { outcomes, scored, passes } = await rungRate(uniformBarrier, control);
    expect(passes).toBe(0);
    expect(2 * scored).toBeGreaterThanOrEqual(outcomes.length);
    for (const o of outcomes.filter((x) => x.status === 'ok')) {
      expect(o.observables.empiricalRatio).toBeLessThan(0.9);
      expect(o.observables.ratio).toBeGreaterThanOrEqual(ABOVE_POPULATION_BARRIER);
    }
  });

  it('an adversary that does not search is never scored: not on the holds side, not on the control', async () => {
    for (const rung of [holds, control]) {
      const { outcomes, scored } = await rungRate(uniformBarrier, rung, { trainer: idleTrainer, runs: 3 });
      expect(scored).toBe(0);
      for (const o of outcomes) expect(o.reason).toMatch(/^the adversary did not search/);
    }
  });
});
