import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims } from '../../properties/index';
import {
  beyondRandomFeatures,
  oneStepOverlap,
  outlierGrows,
  randomFeaturesFloor,
  rankOneSpike,
  targetMoments,
} from '../../properties/one-step-spectrum';
import { rungName, type CheckResult, type Claim, type Rung } from '../../src/contract/claim';
import { DEFAULT_P_FAIL, DEFAULT_P_HOLD } from '../../src/core/stats/stats';
import { referenceTrainer } from '../../src/core/train';
import type { Trainer, TrainRequest } from '../../src/contract/trainer';
import lrIgnored from '../fixtures/broken-trainers/lr-ignored';

const SEED = 20261125;
const SPECTRUM = [rankOneSpike, beyondRandomFeatures, outlierGrows];

/** Rate mode on one rung, as the runner does it: unbiased draws, scored trials only. */
async function rungRate(claim: Claim<any>, rung: Rung, trainer: Trainer = referenceTrainer) {
  const runs = rung.runs ?? claim.runs;
  const instances = fc.sample(fc.noBias(claim.instance(rung.params)), { seed: SEED, numRuns: runs });
  const results: CheckResult[] = [];
  for (const instance of instances) results.push(await claim.check(instance, { trainer, params: rung.params }));
  const scored = results.filter((r) => (r.status ?? 'ok') !== 'not-scored' && r.status !== 'skipped');
  const passes = scored.filter((r) => r.pass && (r.status ?? 'ok') === 'ok').length;
  return { results, scored: scored.length, passes };
}

describe('the spectrum claims', () => {
  it('are listed once each', () => {
    const ids = claims.map((c) => c.id);
    for (const claim of SPECTRUM) expect(ids.filter((id) => id === claim.id)).toHaveLength(1);
  });

  for (const claim of SPECTRUM) {
    it(`${claim.id}: every rung's expectation is the claim's own rule; the small ladder has a holds and a fails rung`, () => {
      for (const scale of ['small', 'default', 'large'] as const) {
        const rungs = claim.ladders[scale];
        expect(new Set(rungs.map(rungName)).size).toBe(rungs.length);
        for (const rung of rungs) expect(rung.expected.outcome).toBe(claim.expect(rung.params).outcome);
      }
      const outcomes = claim.ladders.small.map((r) => r.expected.outcome);
      expect(outcomes).toContain('holds');
      // S3's control is a named broken trainer (below), not a rung.
      if (claim !== outlierGrows) expect(outcomes).toContain('fails');
    });
  }

  it('every gated rung of the default ladder has at least 20 trials, at the default targets', () => {
    for (const claim of SPECTRUM) {
      for (const rung of claim.ladders.default) {
        const e = rung.expected;
        if (e.outcome !== 'observe') expect(rung.runs ?? claim.runs, `${claim.id} ${rungName(rung)}`).toBeGreaterThanOrEqual(20);
        if (e.outcome === 'holds') expect(e.pHold ?? DEFAULT_P_HOLD).toBe(DEFAULT_P_HOLD);
        if (e.outcome === 'fails') expect(e.pFail ?? DEFAULT_P_FAIL).toBe(DEFAULT_P_FAIL);
      }
    }
  });

  it('the controls sit where CLAIMS S puts them: S1 He2 at n0 ∈ {8d, 16d}, S2 η = 0, plus S2 η = 1 (a trainer run)', () => {
    for (const ratio of [8, 16]) {
      expect(rankOneSpike.expect({ d: 32, p: 64, n0OverD: ratio, target: 0 }).outcome).toBe('holds');
      expect(rankOneSpike.expect({ d: 32, p: 64, n0OverD: ratio, target: 1 }).outcome).toBe('fails');
    }
    expect(rankOneSpike.expect({ d: 32, p: 64, n0OverD: 4, target: 1 }).outcome).toBe('observe');
    const s2 = (etaOverD: number) => beyondRandomFeatures.expect({ d: 32, p: 64, target: 0, etaOverD, n0OverD: 4, nOverD: 16 }).outcome;
    expect(s2(0)).toBe('fails');
    expect(s2(1 / 32)).toBe('fails');
    expect(s2(1)).toBe('observe');
    expect(s2(4)).toBe('holds');
    const defaults = beyondRandomFeatures.ladders.default.filter((r) => r.expected.outcome === 'fails').map((r) => r.params.etaOverD);
    expect(defaults).toContain(0);
    expect(defaults).toContain(1 / 32);
  });
});

describe('small ladders agree with the papers in both directions', () => {
  for (const claim of SPECTRUM) {
    for (const rung of claim.ladders.small) {
      const expected = rung.expected;
      it(`${claim.id} at ${rungName(rung)}: ${expected.outcome}`, async () => {
        const { results, scored, passes } = await rungRate(claim, rung);
        expect(results.every((r) => (r.status ?? 'ok') === 'ok'), results.map((r) => r.reason).join('; ')).toBe(true);
        for (const r of results) for (const v of Object.values(r.observables ?? {})) expect(Number.isFinite(v)).toBe(true);
        const rate = passes / scored;
        if (expected.outcome === 'holds') expect(rate).toBeGreaterThanOrEqual(expected.pHold ?? 0.9);
        if (expected.outcome === 'fails') expect(rate).toBeLessThanOrEqual(expected.pFail ?? 0.1);
      });
    }
  }
});

describe('target moments and the reference curves', () => {
  it('reproduce the κ_t and the random-features floor of CLAIMS S', () => {
    expect(targetMoments(0).kappa).toBeCloseTo(2.437, 2);
    expect(targetMoments(2).kappa).toBeCloseTo(19 / 16, 12);
    expect(targetMoments(3).kappa).toBeCloseTo(2, 12);
    expect(targetMoments(1).mu1).toBe(0);
    expect(targetMoments(1).kappa).toBe(Infinity);
    expect(randomFeaturesFloor(0)).toBeCloseTo(0.5275, 3);
    expect(oneStepOverlap(5, 32, 8 * 32)).toBeCloseTo(1 / Math.sqrt(1 + 5 / 8), 15);
  });

  it('give S1 its overlap formula per rung (0 for He2)', () => {
    expect(rankOneSpike.reference!({ d: 32, p: 64, n0OverD: 8, target: 0 })!.overlap).toBeCloseTo(oneStepOverlap(targetMoments(0).kappa, 32, 256), 15);
    expect(rankOneSpike.reference!({ d: 32, p: 64, n0OverD: 8, target: 1 })!.overlap).toBe(0);
  });

  it('S1 follows 1/√(1 + κ_t d/n0): median overlap within 0.04 of it at n0 = 8d (CLAIMS S)', async () => {
    const params = { d: 32, p: 64, n0OverD: 8, target: 0 };
    const { results } = await rungRate(rankOneSpike, { params, expected: { outcome: 'observe' }, runs: 21 });
    const overlaps = results.map((r) => r.observables!.overlap).sort((a, b) => a - b);
    expect(Math.abs(overlaps[10] - rankOneSpike.reference!(params)!.overlap)).toBeLessThan(0.04);
  });
});

describe('the giant step goes through the plugged-in trainer, in the convention of CLAIMS S', () => {
  it('asks for one full-batch GD step on W with 1/√p scaling, a = ±1/√p and unit rows', async () => {
    const requests: TrainRequest[] = [];
    const recording: Trainer = { name: 'recording', supports: () => true, train: (r) => (requests.push(r), referenceTrainer.train(r)) };
    const rung = rankOneSpike.ladders.small[0];
    await rungRate(rankOneSpike, { ...rung, runs: 1 }, recording);
    expect(requests).toHaveLength(1);
    const { network, algorithm, loss, data } = requests[0];
    expect(network).toMatchObject({ activation: 'relu', d: 32, m: 64, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: false });
    expect(algorithm).toMatchObject({ kind: 'gd', lr: 32, steps: 1 });
    expect(loss).toEqual({ kind: 'square', reduction: 'mean' });
    expect(data.n).toBe(16 * 32);
    for (const a of network.a) expect(Math.abs(Math.abs(a) - 1 / 8)).toBeLessThan(1e-15);
    for (let j = 0; j < 64; j++) {
      let r = 0;
      for (let k = 0; k < 32; k++) r += network.W[j * 32 + k] ** 2;
      expect(Math.abs(r - 1)).toBeLessThan(1e-14);
    }
  });

  it('judges the trained network: a trainer that leaves W0 unchanged fails every holds rung, and is not scored on the controls', async () => {
    const frozen: Trainer = {
      name: 'frozen',
      supports: () => true,
      train: (r) => ({ W: r.network.W.slice(), a: r.network.a.slice(), steps: 1, trace: { step: [0, 1], loss: [0, 0] } }),
    };
    for (const claim of SPECTRUM) {
      for (const rung of claim.ladders.small) {
        const { results, passes } = await rungRate(claim, { ...rung, runs: 3 }, frozen);
        expect(passes, `${claim.id} ${rungName(rung)}`).toBe(0);
        // S2 at η = 0 asks for no step: ridge on W0, scored (and failing) as with any trainer.
        if (rung.params.etaOverD === 0) continue;
        for (const r of results) {
          expect(r.status ?? 'ok', `${claim.id} ${rungName(rung)}`).toBe(rung.expected.outcome === 'fails' ? 'not-scored' : 'ok');
          expect(r.pass).toBe(false);
          expect(r.reason).toMatch(/did not take the giant step/);
        }
      }
    }
  });

  it('S3 negative control: bug-lr-ignored (every step at lr 0.01) leaves λ_max flat and fails every trial', async () => {
    for (const rung of outlierGrows.ladders.small) {
      expect(rung.expected.outcome).toBe('holds');
      const { results, scored, passes } = await rungRate(outlierGrows, { ...rung, runs: 5 }, lrIgnored);
      expect(scored).toBe(5);
      expect(passes, rungName(rung)).toBe(0);
      for (const r of results) {
        expect(r.status ?? 'ok').toBe('ok');
        expect(Math.abs(r.observables!.ratio - 1)).toBeLessThan(0.02);
      }
    }
  });

  it('reports a trainer that does not support the request as skipped', async () => {
    const none: Trainer = { name: 'none', supports: () => false, train: () => { throw new Error('unused'); } };
    const { results } = await rungRate(rankOneSpike, { ...rankOneSpike.ladders.small[0], runs: 2 }, none);
    expect(results.every((r) => r.status === 'skipped')).toBe(true);
  });
});

describe('expectations at custom parameters (--at)', () => {
  it('read the thresholds from the parameters', () => {
    expect(rankOneSpike.expect({ d: 32, p: 64, n0OverD: 16, target: 2 }).outcome).toBe('holds');
    expect(rankOneSpike.expect({ d: 32, p: 64, n0OverD: 16, target: 1 }).outcome).toBe('fails');
    expect(rankOneSpike.expect({ d: 32, p: 64, n0: 64, n0OverD: 16, target: 0 }).outcome).toBe('observe');
    expect(beyondRandomFeatures.expect({ d: 32, p: 64, target: 0, etaOverD: 0, n0OverD: 4, nOverD: 16 }).outcome).toBe('fails');
    expect(outlierGrows.expect({ d: 32, p: 64, n0OverD: 4, target: 0, etaMaxOverD: 1 }).outcome).toBe('observe');
    expect(() => rankOneSpike.instance({ d: 32, p: 64, n0OverD: 8, target: 9 })).toThrow(/params\.target/);
  });
});
