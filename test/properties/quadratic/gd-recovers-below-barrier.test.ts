import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims } from '../../../properties/index';
import {
  empiricalBarrier,
  energyBarrier,
  gdRecoversBelowBarrier,
  identityBelowBarrier,
  recoveryThreshold,
  trainedRecovery,
  type RecoveryInstance,
} from '../../../properties/quadratic/family';
import { rungName, type CheckResult, type Claim, type Params, type Rung } from '../../../src/contract/claim';
import { dense, numericalRank } from '../../../src/core/linalg';
import { gram, symOpNorm } from '../../../src/core/model/quadratic';
import { referenceTrainer } from '../../../src/core/train';
import type { Trainer, TrainRequest } from '../../../src/contract/trainer';
import { expectClose } from '../../helpers/close';
import signFlip from '../../fixtures/broken-trainers/sign-flip-first-layer';

const SEED = 20261125;
const QUADRATIC = [energyBarrier, empiricalBarrier, gdRecoversBelowBarrier, identityBelowBarrier, recoveryThreshold, trainedRecovery];

/** Rate mode on one rung, as the runner does it: unbiased draws, scored trials only. */
async function rungRate(claim: Claim<any>, rung: Rung, trainer: Trainer = referenceTrainer) {
  const runs = rung.runs ?? claim.runs;
  const instances = fc.sample(fc.noBias(claim.instance(rung.params)), { seed: SEED, numRuns: runs });
  const results: CheckResult[] = [];
  for (const instance of instances) results.push(await claim.check(instance, { trainer, params: rung.params }));
  const scored = results.filter((r) => r.status === undefined || r.status === 'ok' || r.status === 'diverged' || r.status === 'error');
  const passes = scored.filter((r) => r.pass && (r.status ?? 'ok') === 'ok').length;
  return { results, scored: scored.length, passes };
}

describe('the claim list', () => {
  it('lists the six quadratic claims once each, with unique ids of the form family.name', () => {
    const ids = claims.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const claim of QUADRATIC) expect(ids).toContain(claim.id);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
  });

  for (const claim of QUADRATIC) {
    it(`${claim.id}: every rung's expectation is the claim's own rule, and the small ladder has a holds and a fails rung`, () => {
      for (const scale of ['small', 'default', 'large'] as const) {
        const rungs = claim.ladders[scale];
        expect(rungs.length).toBeGreaterThan(0);
        expect(new Set(rungs.map(rungName)).size).toBe(rungs.length);
        for (const rung of rungs) expect(rung.expected.outcome).toBe(claim.expect(rung.params).outcome);
      }
      const outcomes = claim.ladders.small.map((r) => r.expected.outcome);
      expect(outcomes).toContain('holds');
      expect(outcomes).toContain('fails');
    });
  }
});

describe('small ladders agree with the papers in both directions', () => {
  for (const claim of QUADRATIC) {
    for (const rung of claim.ladders.small) {
      const expected = rung.expected;
      it(`${claim.id} at ${rungName(rung)}: ${expected.outcome}`, async () => {
        const { results, scored, passes } = await rungRate(claim, rung);
        for (const r of results) for (const v of Object.values(r.observables ?? {})) expect(Number.isFinite(v)).toBe(true);
        expect(results.every((r) => r.status !== 'error'), results.map((r) => r.reason).join('; ')).toBe(true);
        expect(scored).toBeGreaterThan(0);
        const rate = passes / scored;
        if (expected.outcome === 'holds') expect(rate).toBeGreaterThanOrEqual(expected.pHold ?? 0.9);
        if (expected.outcome === 'fails') expect(rate).toBeLessThanOrEqual(expected.pFail ?? 0.1);
      });
    }
  }
});

describe('expectations at custom parameters (--at)', () => {
  it('Q4 is exact on both sides of N* = d(d+1)/2, an explicit N winning over the ratio', () => {
    expect(recoveryThreshold.expect({ d: 5, NOverNstar: 1, N: 14 })).toMatchObject({ outcome: 'fails', pFail: 0 });
    expect(recoveryThreshold.expect({ d: 5, NOverNstar: 0.5, N: 15 })).toMatchObject({ outcome: 'holds', pHold: 1 });
    expect(recoveryThreshold.expect({ d: 2, NOverNstar: 2 })).toMatchObject({ outcome: 'holds', pHold: 1 });
  });

  it('Q1, Q3, Q4b and Q2 read their thresholds from the parameters', () => {
    expect(energyBarrier.expect({ d: 6, family: 1 })).toMatchObject({ outcome: 'holds', pHold: 1 });
    expect(energyBarrier.expect({ d: 6, family: 2 })).toMatchObject({ outcome: 'fails', pFail: 0 });
    expect(identityBelowBarrier.expect({ d: 4, mStarOverD2: 1, mStar: 128 }).outcome).toBe('holds');
    expect(identityBelowBarrier.expect({ d: 4, mStarOverD2: 3 }).outcome).toBe('observe');
    expect(trainedRecovery.expect({ d: 3, NOverNstar: 2, N: 3 }).outcome).toBe('fails');
    expect(gdRecoversBelowBarrier.expect({ d: 3, NOverNstar: 0.5 }).outcome).toBe('fails');
    expect(gdRecoversBelowBarrier.expect({ d: 3, NOverNstar: 2, N: 5 }).outcome).toBe('fails');
    expect(gdRecoversBelowBarrier.expect({ d: 3, NOverNstar: 1 }).outcome).toBe('observe');
    expect(gdRecoversBelowBarrier.expect({ d: 5, NOverNstar: 2 })).toEqual(expect.objectContaining({ outcome: 'holds' }));
    expect(gdRecoversBelowBarrier.expect({ d: 5, NOverNstar: 2 })).not.toHaveProperty('pHold');
    expect(gdRecoversBelowBarrier.expect({ d: 3, NOverNstar: 2, control: 1 }).outcome).toBe('observe');
    expect(empiricalBarrier.expect({ d: 4, NOverD2: 0.5, family: 1 }).outcome).toBe('observe');
  });

  it('rejects parameters outside the claim with the field named', () => {
    expect(() => recoveryThreshold.expect({ d: 1.5, NOverNstar: 1 })).toThrow(/params\.d/);
    expect(() => energyBarrier.instance({ d: 4, family: 7 })).toThrow(/params\.family/);
  });
});

describe('trials are pure functions of their instance', () => {
  it('the same instance gives the same observables', async () => {
    for (const claim of [energyBarrier, recoveryThreshold, gdRecoversBelowBarrier]) {
      const rung = claim.ladders.small[0];
      const [instance] = fc.sample(fc.noBias(claim.instance(rung.params)), { seed: 3, numRuns: 1 });
      const a = await claim.check(instance, { trainer: referenceTrainer, params: rung.params });
      const b = await claim.check(instance, { trainer: referenceTrainer, params: rung.params });
      expect(a).toEqual(b);
    }
  });
});

describe('Q4 falsify mode over its space', () => {
  const check = (inst: RecoveryInstance) => recoveryThreshold.check(inst, { trainer: referenceTrainer, params: { d: inst.d, N: inst.N } }) as CheckResult;
  const over = (spaceParams: Params) => recoveryThreshold.space!(spaceParams).chain((p) => recoveryThreshold.instance(p));

  it('finds no counterexample where the claim holds (N ≥ N*)', () => {
    const result = fc.check(fc.property(over({ dMax: 6, minOffset: 0 }), (inst) => check(inst).pass), { seed: SEED, numRuns: 60 });
    expect(result.failed).toBe(false);
  });

  it('stated for N ≥ N* − 1, shrinks its failure to the minimal counterexample d = 2, N = 2', () => {
    const result = fc.check(fc.property(over({ dMax: 6, minOffset: -1 }), (inst) => check(inst).pass), { seed: SEED, numRuns: 200 });
    expect(result.failed).toBe(true);
    const [inst] = result.counterexample!;
    expect({ d: inst.d, N: inst.N }).toEqual({ d: 2, N: 2 });
    // The shrunk counterexample is backed by an explicit student that fits the data and not the teacher.
    const out = check(inst);
    expect(out.status ?? 'ok').toBe('ok');
    expect(out.observables!.fitResidual).toBeLessThan(1e-20);
    expect(out.observables!.popRiskOverB).toBeGreaterThanOrEqual(0.25 * (1 - 1e-12));
  });
});

describe('negative controls are runs of the trainer on the other side of the threshold', () => {
  it('Q2 below N*: the reference trainer fits the sample (the premise holds) and the fitted network misses A*', async () => {
    const control = gdRecoversBelowBarrier.ladders.small.find((r) => r.expected.outcome === 'fails')!;
    expect(control.params.NOverNstar).toBeLessThan(1);
    const { results, scored, passes } = await rungRate(gdRecoversBelowBarrier, control);
    expect(passes).toBe(0);
    expect(scored).toBeGreaterThanOrEqual(control.runs! / 2);
    for (const r of results.filter((o) => (o.status ?? 'ok') === 'ok')) {
      expect(r.observables!.relLoss).toBeLessThan(1e-10);
      expect(r.observables!.relErrA).toBeGreaterThanOrEqual(1e-4);
    }
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

  it('Q4b below N*/2: every fitted network misses the teacher', async () => {
    const control = trainedRecovery.ladders.small.find((r) => r.expected.outcome === 'fails')!;
    const { results, scored, passes } = await rungRate(trainedRecovery, control);
    expect(scored).toBeGreaterThan(0);
    expect(passes).toBe(0);
    for (const r of results.filter((o) => (o.status ?? 'ok') === 'ok')) expect(r.observables!.testRisk).toBeGreaterThan(1e-2);
  });
});

describe('power', () => {
  for (const claim of QUADRATIC) {
    it(`${claim.id}: every gated rung of the default ladder has at least 20 trials`, () => {
      for (const rung of claim.ladders.default.filter((r) => r.expected.outcome !== 'observe')) {
        expect(rung.runs ?? claim.runs, rungName(rung)).toBeGreaterThanOrEqual(20);
      }
    });
  }
});

describe('plugged-in trainers', () => {
  const params = gdRecoversBelowBarrier.ladders.small.find((r) => r.expected.outcome === 'holds')!;
  const identity: Trainer = {
    name: 'returns-initial-weights',
    supports: () => true,
    train: (r: TrainRequest) => ({ W: r.network.W.slice(), a: r.network.a.slice(), steps: 0, trace: { step: [0], loss: [0] } }),
  };

  it('a trainer that does not train never passes a holds rung of Q2 or Q4b (its trials fail or are not scored)', async () => {
    for (const claim of [gdRecoversBelowBarrier, trainedRecovery]) {
      for (const rung of [...claim.ladders.small, ...claim.ladders.default].filter((r) => r.expected.outcome === 'holds')) {
        const { results, passes } = await rungRate(claim, { ...rung, runs: 4 }, identity);
        expect(passes, `${claim.id} ${rungName(rung)}`).toBe(0);
        for (const r of results) expect(r.pass && (r.status ?? 'ok') === 'ok').toBe(false);
      }
    }
  });

  it('Q2: a trainer that does not train fails the holds rung outright: the start premise leaves no trial it could pass', async () => {
    const { results, scored, passes } = await rungRate(gdRecoversBelowBarrier, { ...params, runs: 6 }, identity);
    expect(passes).toBe(0);
    expect(scored).toBeGreaterThan(0);
    for (const r of results) if (r.status === 'not-scored') expect(r.reason).toMatch(/start already near A\*/);
  });

  it('Q2 and Q4b: on the sample-side control a trainer that does not fit leaves every trial not scored, so it cannot agree', async () => {
    for (const claim of [gdRecoversBelowBarrier, trainedRecovery]) {
      const control = claim.ladders.small.find((r) => r.expected.outcome === 'fails')!;
      const { results, scored } = await rungRate(claim, { ...control, runs: 4 }, identity);
      expect(scored, claim.id).toBe(0);
      for (const r of results) expect(r.reason, claim.id).toMatch(/start already near A\*|not fitted/);
    }
  });

  it('Q4b: a trainer that climbs the gradient never fits, and every trial says so (never scored, never a pass)', async () => {
    for (const rung of trainedRecovery.ladders.small) {
      const { results, scored, passes } = await rungRate(trainedRecovery, { ...rung, runs: 3 }, signFlip);
      expect([scored, passes], rungName(rung)).toEqual([0, 0]);
      for (const r of results) {
        expect(r.status).toBe('not-scored');
        expect(r.reason).toMatch(/^not fitted: the trainer left L_N\/mean y² = .* ≥ 1e-8/);
      }
    }
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
