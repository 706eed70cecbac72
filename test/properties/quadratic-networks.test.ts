import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims } from '../../properties/index';
import {
  empiricalBarrier,
  energyBarrier,
  gdRecoversBelowBarrier,
  identityBelowBarrier,
  recoveryThreshold,
  trainedRecovery,
  type RecoveryInstance,
} from '../../properties/quadratic-networks';
import { rungName, type CheckResult, type Claim, type Params, type Rung } from '../../src/harness/claim';
import { gram, symOpNorm } from '../../src/model/quadratic';
import { referenceTrainer } from '../../src/train';
import type { Trainer, TrainRequest } from '../../src/train/types';
import { expectClose } from '../helpers/close';

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
    expect(gdRecoversBelowBarrier.expect({ d: 3, NOverNstar: 2, control: 1 }).outcome).toBe('fails');
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

describe('plugged-in trainers', () => {
  const params = gdRecoversBelowBarrier.ladders.small.find((r) => r.expected.outcome === 'holds')!;
  const identity: Trainer = {
    name: 'returns-initial-weights',
    supports: () => true,
    train: (r: TrainRequest) => ({ W: r.network.W.slice(), a: r.network.a.slice(), steps: 0, trace: { step: [0], loss: [0] } }),
  };

  it('a trainer that does not train makes Q2 fail', async () => {
    const { passes, scored } = await rungRate(gdRecoversBelowBarrier, { ...params, runs: 4 }, identity);
    expect(scored).toBe(4);
    expect(passes).toBe(0);
  });

  it('a trainer that does not fit makes Q4b trials not scored, not failed', async () => {
    const rung = trainedRecovery.ladders.small.find((r) => r.expected.outcome === 'holds')!;
    const { results, scored } = await rungRate(trainedRecovery, { ...rung, runs: 3 }, identity);
    expect(scored).toBe(0);
    for (const r of results) expect(r.status).toBe('not-scored');
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
