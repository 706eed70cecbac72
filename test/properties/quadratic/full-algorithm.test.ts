import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawTeacher } from '../../../properties/quadratic/family';
import { fullAlgorithm } from '../../../properties/quadratic/full-algorithm';
import { gram } from '../../../src/core/model/quadratic';
import { stream } from '../../../src/core/rng';
import type { Trainer, TrainRequest } from '../../../src/contract/trainer';
import { describeClaim, idleTrainer, rungRate } from '../../helpers/claim-kit';
import { expectArraysClose } from '../../helpers/close';

describeClaim('quadratic', fullAlgorithm, {
  perRung: (_claim, _rung, rate) => expect(rate.outcomes.every((o) => o.status !== 'error'), rate.outcomes.map((o) => o.reason).join('; ')).toBe(true),
});

const holds = fullAlgorithm.ladders.small.find((r) => r.expected.outcome === 'holds')!;
const control = fullAlgorithm.ladders.small.find((r) => r.expected.outcome === 'fails')!;

describe('quadratic.full-algorithm in detail', () => {
  it('reads both thresholds from the parameters (--at): samples gate, a narrow teacher is observed', () => {
    expect(fullAlgorithm.expect({ d: 4, mStarOverD2: 8, NOverNstar: 2 }).outcome).toBe('holds');
    expect(fullAlgorithm.expect({ d: 4, mStarOverD2: 8, NOverNstar: 2, N: 9 }).outcome).toBe('fails');
    expect(fullAlgorithm.expect({ d: 4, mStarOverD2: 0.5, NOverNstar: 2 }).outcome).toBe('observe');
    expect(fullAlgorithm.expect({ d: 4, mStarOverD2: 0.5, NOverNstar: 0.5 }).outcome).toBe('fails');
    expect(fullAlgorithm.expect({ d: 12, mStarOverD2: 8, NOverNstar: 2 }).outcome).toBe('observe');
    expect(() => fullAlgorithm.expect({ d: 4, mStarOverD2: 8, NOverNstar: 2, mStar: 3 })).toThrow(/≥ d = 4/);
  });

  it('starts GD from c·[I_d; 0] with c² = tr(A*)/d, m ≥ d rows, on the paper\'s L_N', async () => {
    let seen: TrainRequest | undefined;
    const spy: Trainer = { ...idleTrainer, name: 'spy', train: (r) => ((seen = r), idleTrainer.train(r)) };
    const [instance] = fc.sample(fc.noBias(fullAlgorithm.instance(holds.params)), { seed: 3, numRuns: 1 });
    await fullAlgorithm.check(instance, { trainer: spy, params: holds.params });
    const { d, m, W } = seen!.network;
    expect(m).toBe(instance.m);
    expect(m).toBeGreaterThanOrEqual(d);
    const teacher = drawTeacher(stream(instance.seed).child('teacher'), instance.mStar, d);
    let trace = 0;
    for (let j = 0; j < d; j++) trace += teacher.A[j * d + j];
    const expected = new Float64Array(d * d);
    for (let j = 0; j < d; j++) expected[j * d + j] = trace / d;
    expectArraysClose(gram(W, m, d), expected, 1e-12, 'A0 = (tr A*/d)·I');
    expect(Array.from(W.subarray(d * d))).toEqual(new Array((m - d) * d).fill(0));
    expect(seen!.algorithm.kind).toBe('gd');
    expect(seen!.data.n).toBe(2 * (d * (d + 1)) / 2);
  });
});

describe('the negative control is a run of the trainer on the other side of N*', () => {
  it('from the same start the reference trainer fits N*/2 samples and misses A*', async () => {
    expect(control.params.NOverNstar).toBeLessThan(1);
    expect(control.params.mStarOverD2).toBe(holds.params.mStarOverD2);
    const { outcomes, scored, passes } = await rungRate(fullAlgorithm, control);
    expect(passes).toBe(0);
    expect(2 * scored).toBeGreaterThanOrEqual(outcomes.length);
    for (const o of outcomes.filter((x) => x.status === 'ok')) {
      expect(o.observables.relLoss).toBeLessThan(1e-10);
      expect(o.observables.relErrA).toBeGreaterThan(1e-4);
      // The start was below the barrier, as on the holds side: only the sample count differs.
      expect(o.observables.initRatio).toBeLessThan(1);
    }
  });

  it('a trainer that does not fit leaves every control trial not scored, so it cannot agree', async () => {
    const { outcomes, scored } = await rungRate(fullAlgorithm, control, { trainer: idleTrainer, runs: 4 });
    expect(scored).toBe(0);
    for (const o of outcomes) expect(o.reason).toMatch(/^not fitted/);
  });
});
