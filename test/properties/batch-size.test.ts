import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims } from '../../properties/index';
import {
  batchBelowCritical,
  batchBeyondCritical,
  batchExpect,
  batchSizeClaims,
  criticalBatch,
  horizon,
  learningRate,
  LOSS,
  SQUARE_STALL,
} from '../../properties/batch-size';
import { firstCrossing, gaussianSampler, onlineRequest, unitWithOverlap, type OnlineSetup } from '../../properties/shared/online-sgd';
import { hermiteTarget, orthonormalDirections } from '../../src/core/data/targets';
import { rungName, type CheckResult, type Claim, type Rung } from '../../src/contract/claim';
import { DEFAULT_P_FAIL, DEFAULT_P_HOLD } from '../../src/core/stats/stats';
import { stream } from '../../src/core/rng';
import { referenceTrainer } from '../../src/core/train';
import type { TrainRequest, TrainResult, Trainer } from '../../src/contract/trainer';
import { expectArraysClose, expectClose } from '../helpers/close';

const SEED = 20261125;

/** Rate mode on one rung, as the runner does it: unbiased draws; the rate is over the scored trials. */
async function rungRate(claim: Claim<any>, rung: Rung, trainer: Trainer = referenceTrainer) {
  const runs = rung.runs ?? claim.runs;
  const instances = fc.sample(fc.noBias(claim.instance(rung.params)), { seed: SEED, numRuns: runs });
  const results: CheckResult[] = [];
  for (const instance of instances) results.push(await claim.check(instance, { trainer, params: rung.params }));
  const scored = results.filter((r) => (r.status ?? 'ok') === 'ok');
  const passes = scored.filter((r) => r.pass).length;
  return { results, passes, scored: scored.length, runs };
}

/** A trainer that returns its initial weights, with a well-formed trace (the probe's cosines of those weights). */
const untrained: Trainer = {
  name: 'untrained',
  supports: referenceTrainer.supports,
  train(request: TrainRequest): TrainResult {
    const { W, a, m, d } = request.network;
    const steps = request.algorithm.steps;
    const theta = request.probe?.direction;
    const cosines = () =>
      Array.from({ length: m }, (_, j) => {
        const w = W.subarray(j * d, (j + 1) * d);
        return w.reduce((s, v, q) => s + v * (theta as Float64Array)[q], 0) / Math.hypot(...w);
      });
    return {
      W: W.slice(),
      a: a.slice(),
      steps,
      trace: { step: [0, steps], loss: [1, 1], ...(theta ? { overlap: [cosines(), cosines()] } : {}) },
    };
  },
};

describe('batch-size claims: listing and rules', () => {
  it('each claim is listed once, with unique rung names and expectations from its rule', () => {
    const ids = claims.map((c) => c.id);
    for (const claim of batchSizeClaims) {
      expect(ids.filter((id) => id === claim.id)).toHaveLength(1);
      for (const scale of ['small', 'default', 'large'] as const) {
        const rungs = claim.ladders[scale];
        expect(new Set(rungs.map(rungName)).size).toBe(rungs.length);
        for (const rung of rungs) expect(rung.expected).toEqual(claim.expect(rung.params));
      }
      for (const scale of ['small', 'default'] as const) {
        const outcomes = claim.ladders[scale].map((r) => r.expected.outcome);
        expect(outcomes).toContain('holds');
        expect(outcomes).toContain('fails');
      }
    }
  });

  it('the rule: holds below d^{3/2}/4, square fails from 16·d^{3/2}, correlation holds until t* hits its floor', () => {
    const at = (d: number, nb: number, loss: number) => batchExpect({ d, nb, loss }).outcome;
    expect(criticalBatch(16)).toBe(64);
    expect(SQUARE_STALL).toBe(16);
    expect(at(16, 16, LOSS.square)).toBe('holds');
    expect(at(16, 16, LOSS.correlation)).toBe('holds');
    expect(at(32, 45, LOSS.square)).toBe('holds');
    expect(at(16, 64, LOSS.square)).toBe('observe');
    expect(at(16, 256, LOSS.square)).toBe('observe');
    expect(at(16, 512, LOSS.square)).toBe('observe');
    expect(at(16, 1023, LOSS.square)).toBe('observe');
    expect(at(16, 1024, LOSS.square)).toBe('fails');
    expect(at(32, 2048, LOSS.square)).toBe('observe');
    expect(at(32, 2897, LOSS.square)).toBe('fails');
    expect(at(16, 256, LOSS.correlation)).toBe('holds');
    expect(at(16, 1024, LOSS.correlation)).toBe('observe');
    expect(at(32, 1024, LOSS.correlation)).toBe('holds');
    expect(() => batchExpect({ d: 16, nb: 4, loss: 2 })).toThrow('params.loss');
  });

  it('every gated rung of the default ladder has at least 20 trials', () => {
    for (const claim of batchSizeClaims) {
      for (const rung of claim.ladders.default) {
        if (rung.expected.outcome !== 'observe') expect(rung.runs ?? claim.runs).toBeGreaterThanOrEqual(20);
      }
    }
  });

  it('γ = 0.01·n_b·d^{−3/2} capped at 0.5, T = 100d²/n_b', () => {
    expectClose(learningRate(16, 4), 0.04 / 64, 1e-15);
    expect(learningRate(16, 1e6)).toBe(0.5);
    expect(horizon(16, 1)).toBe(25600);
    expect(horizon(16, 1024)).toBe(25);
  });
});

describe('online-sgd helpers', () => {
  it('unitWithOverlap gives a unit vector with ⟨w, θ⟩ = q to rounding', () => {
    const d = 32;
    const theta = orthonormalDirections(stream('t'), 1, d);
    const w = unitWithOverlap(stream('w'), theta, 1 / Math.sqrt(d));
    const dot = w.reduce((s, v, k) => s + v * theta[k], 0);
    const norm = Math.hypot(...w);
    expectClose(norm, 1, 4 * d * Number.EPSILON);
    expectClose(dot, 1 / Math.sqrt(d), 4 * d * Number.EPSILON);
  });

  it('firstCrossing in segments is the same run as one request carrying every sample', async () => {
    const d = 8;
    const theta = orthonormalDirections(stream('theta'), 1, d);
    const W0 = unitWithOverlap(stream('init'), theta, 1 / Math.sqrt(d));
    const sample = gaussianSampler(d, (X, n) => hermiteTarget(X, n, d, theta, 3));
    const setup: OnlineSetup = { activation: 'he3', d, p: 1, loss: 'correlation', gamma: learningRate(d, 2), nb: 2, rho: 0, unitRows: true };
    const T = 4000;
    const seg = await firstCrossing(referenceTrainer, setup, W0, theta, 0.5, T, 5, sample, stream('data'));
    if ('pass' in seg) throw new Error(seg.reason);
    expect(seg.tStar).toBeDefined();
    // One request with all T·n_b samples, drawn from an equal stream in one go.
    const { X, y } = sample(stream('data'), T * setup.nb);
    const one = referenceTrainer.train(onlineRequest(setup, W0, X, y, T, { probe: { direction: theta, stopAbove: 0.5 } })) as TrainResult;
    expect(one.steps).toBe(seg.tStar);
    expectArraysClose(seg.W, one.W, 1e-12);
  });

  it('a trainer that does not support the probe makes the trial skipped, not failed', async () => {
    const refuses: Trainer = { name: 'no-probe', supports: (r) => r.probe === undefined, train: referenceTrainer.train };
    const rung = batchBelowCritical.ladders.small[0];
    const { results } = await rungRate(batchBelowCritical, { ...rung, runs: 1 }, refuses);
    expect(results[0].status).toBe('skipped');
  });
});

describe('small ladders agree with the paper in both directions', () => {
  for (const claim of [batchBelowCritical, batchBeyondCritical]) {
    for (const rung of claim.ladders.small) {
      const { expected } = rung;
      it(`${claim.id} ${rungName(rung)}: ${expected.outcome}`, async () => {
        const { results, passes, scored, runs } = await rungRate(claim, rung);
        expect(scored, 'every trial of the reference trainer is scored').toBe(runs);
        for (const r of results) for (const v of Object.values(r.observables ?? {})) expect(Number.isFinite(v)).toBe(true);
        if (expected.outcome === 'holds') {
          expect(passes / scored).toBeGreaterThanOrEqual(expected.pHold ?? DEFAULT_P_HOLD);
          // The batch leaves the sample count alone: median ratio near 1.
          for (const r of results) expect(r.observables?.ratio).toBeLessThan(2);
        } else {
          // The negative control fails.
          expect(expected.outcome).toBe('fails');
          expect(passes / scored).toBeLessThanOrEqual(expected.outcome === 'fails' ? (expected.pFail ?? DEFAULT_P_FAIL) : 0);
          // Square loss far beyond d^{3/2}: most runs never reach the overlap within T.
          for (const r of results) expect(r.observables?.ratio).toBeGreaterThan(2);
        }
      });
    }
  }
});

describe('a trainer that does not train', () => {
  it('is not scored on any gated rung: without a crossing at n_b = 1 there is no reference time', async () => {
    for (const claim of batchSizeClaims) {
      for (const rung of claim.ladders.small.filter((r) => r.expected.outcome !== 'observe')) {
        const { results, passes, scored } = await rungRate(claim, { ...rung, runs: 2 }, untrained);
        expect(passes).toBe(0);
        expect(scored).toBe(0);
        for (const r of results) expect(r.reason).toMatch(/did not cross/);
      }
    }
  });
});
