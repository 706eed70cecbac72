import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gdRecoversBelowBarrier } from '../../../properties/quadratic/gd-recovers-below-barrier';
import { dense, numericalRank } from '../../../src/core/linalg';
import { gram, symOpNorm } from '../../../src/core/model/quadratic';
import { referenceTrainer } from '../../../src/core/train';
import type { Trainer, TrainRequest } from '../../../src/contract/trainer';
import { describeClaim, idleTrainer, rungRate } from '../../helpers/claim-kit';
import { expectClose } from '../../helpers/close';

describeClaim('quadratic', gdRecoversBelowBarrier, {
  perRung: (_claim, _rung, rate) => expect(rate.outcomes.every((o) => o.status !== 'error'), rate.outcomes.map((o) => o.reason).join('; ')).toBe(true),
});

describe('quadratic.gd-recovers-below-barrier in detail', () => {
  it('has a large ladder', () => {
    expect(gdRecoversBelowBarrier.ladders.large.length).toBeGreaterThan(0);
  });

  it('Q2 reads its thresholds from the parameters (--at)', () => {
    expect(gdRecoversBelowBarrier.expect({ d: 3, NOverNstar: 0.5 }).outcome).toBe('fails');
    expect(gdRecoversBelowBarrier.expect({ d: 3, NOverNstar: 2, N: 5 }).outcome).toBe('fails');
    expect(gdRecoversBelowBarrier.expect({ d: 3, NOverNstar: 1 }).outcome).toBe('observe');
    expect(gdRecoversBelowBarrier.expect({ d: 5, NOverNstar: 2 })).toEqual(expect.objectContaining({ outcome: 'holds' }));
    expect(gdRecoversBelowBarrier.expect({ d: 5, NOverNstar: 2 })).not.toHaveProperty('pHold');
    expect(gdRecoversBelowBarrier.expect({ d: 3, NOverNstar: 2, control: 1 }).outcome).toBe('observe');
  });
});

describe('negative controls are runs of the trainer on the other side of the threshold', () => {
  it('Q2 below N*: the reference trainer fits the sample (the premise holds) and the fitted network misses A*', async () => {
    const control = gdRecoversBelowBarrier.ladders.small.find((r) => r.expected.outcome === 'fails')!;
    expect(control.params.NOverNstar).toBeLessThan(1);
    const { outcomes, scored, passes } = await rungRate(gdRecoversBelowBarrier, control);
    // At most the chance rate of its calibration (about 1 in 50 at d = 3) recovers A*.
    expect(passes).toBeLessThanOrEqual(0.1 * scored);
    expect(scored).toBeGreaterThanOrEqual(control.runs! / 2);
    for (const r of outcomes.filter((o) => o.status === 'ok')) expect(r.observables.relLoss).toBeLessThan(1e-10);
    const missed = outcomes.filter((o) => o.status === 'ok' && o.observables.relErrA >= 1e-4).length;
    expect(missed).toBe(scored - passes);
  });

  it('Q2 starts its control from the same kind of W0 as its holds rung: m = m* rows, full rank, below the barrier', async () => {
    const control = gdRecoversBelowBarrier.ladders.small.find((r) => r.expected.outcome === 'fails')!;
    let seen: TrainRequest | undefined;
    const spy: Trainer = { ...referenceTrainer, name: 'spy', train: (r) => ((seen = r), referenceTrainer.train(r)) };
    const [instance] = fc.sample(fc.noBias(gdRecoversBelowBarrier.instance(control.params)), { seed: 2, numRuns: 1 });
    const out = await gdRecoversBelowBarrier.check(instance, { trainer: spy, params: control.params });
    expect(seen!.network.m).toBe(instance.mStar);
    expect(seen!.network.m).toBeGreaterThanOrEqual(instance.d);
    expect(out.observables!.initRatio).toBeLessThan(0.5);
  });

  it('Q2\'s rank-(d−1) start (CLAIMS\' barrier-side control, observed) has m = m* rows and rank d − 1', async () => {
    const params = { d: 4, NOverNstar: 2, control: 1 };
    expect(gdRecoversBelowBarrier.expect(params).outcome).toBe('observe');
    let seen: TrainRequest | undefined;
    const spy: Trainer = { name: 'spy', supports: () => true, train: (r) => ((seen = r), { W: r.network.W.slice(), a: r.network.a.slice(), steps: 0, trace: { step: [0], loss: [0] } }) };
    const [instance] = fc.sample(fc.noBias(gdRecoversBelowBarrier.instance(params)), { seed: 5, numRuns: 1 });
    const out = await gdRecoversBelowBarrier.check(instance, { trainer: spy, params });
    expect(seen!.network.m).toBe(instance.mStar);
    expect(numericalRank(dense(instance.mStar, 4, seen!.network.W))).toBe(3);
    expect(out.pass).toBe(false);
  });
});

describe('plugged-in trainers', () => {
  const params = gdRecoversBelowBarrier.ladders.small.find((r) => r.expected.outcome === 'holds')!;
  const identity = idleTrainer;


  it('Q2: a trainer that does not train fails the holds rung outright: the start premise leaves no trial it could pass', async () => {
    const { outcomes, scored, passes } = await rungRate(gdRecoversBelowBarrier, params, { trainer: identity, runs: 6 });
    expect(passes).toBe(0);
    expect(scored).toBeGreaterThan(0);
    for (const r of outcomes) if (r.status === 'not-scored') expect(r.reason).toMatch(/start already near A\*/);
  });

  it('Q2: on the sample-side control a trainer that does not fit leaves every trial not scored, so it cannot agree', async () => {
    const control = gdRecoversBelowBarrier.ladders.small.find((r) => r.expected.outcome === 'fails')!;
    const { outcomes, scored } = await rungRate(gdRecoversBelowBarrier, control, { trainer: identity, runs: 4 });
    expect(scored).toBe(0);
    for (const r of outcomes) expect(r.reason).toMatch(/start already near A\*|not fitted/);
  });

  it('a diverged run is reported as diverged, an unsupported request as skipped', async () => {
    const diverging: Trainer = { ...identity, train: (r) => ({ ...identity.train(r), diverged: { step: 3, loss: Infinity } }) as never };
    const refusing: Trainer = { ...identity, supports: () => false };
    const [instance] = fc.sample(fc.noBias(gdRecoversBelowBarrier.instance(params.params)), { seed: 1, numRuns: 1 });
    expect((await gdRecoversBelowBarrier.check(instance, { trainer: diverging, params: params.params })).status).toBe('diverged');
    expect((await gdRecoversBelowBarrier.check(instance, { trainer: refusing, params: params.params })).status).toBe('skipped');
  });

  it('Q2 asks for quadratic GD on the paper\'s L_N: lr = 2η for the trainer\'s ½-mean loss, a frozen, no output scaling', async () => {
    let seen: TrainRequest | undefined;
    const spy: Trainer = { ...identity, train: (r) => ((seen = r), identity.train(r)) };
    const [instance] = fc.sample(fc.noBias(gdRecoversBelowBarrier.instance(params.params)), { seed: 1, numRuns: 1 });
    await gdRecoversBelowBarrier.check(instance, { trainer: spy, params: params.params });
    expect(seen).toBeDefined();
    const { network, loss, algorithm, data } = seen!;
    expect(network).toMatchObject({ activation: 'quadratic', outputScaling: 'none', trainFirst: true, trainSecond: false });
    expect(Array.from(network.a)).toEqual(new Array(network.m).fill(1));
    expect(loss).toEqual({ kind: 'square', reduction: 'mean' });
    expect(algorithm.kind).toBe('gd');
    // η = 1/(8 · mean‖x‖⁴ · ‖A0‖_op) on L_N; the request carries 2η.
    let m4 = 0;
    for (let i = 0; i < data.n; i++) {
      let r = 0;
      for (let j = 0; j < network.d; j++) r += data.X[i * network.d + j] ** 2;
      m4 += r * r;
    }
    m4 /= data.n;
    const A0 = gram(network.W, network.m, network.d);
    expectClose(algorithm.lr, 2 / (8 * m4 * symOpNorm(A0, network.d)), 1e-12, 'lr');
    expect(data.n).toBe(2 * (network.d * (network.d + 1)) / 2);
  });
});
