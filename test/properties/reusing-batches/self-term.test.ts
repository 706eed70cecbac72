import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims } from '../../properties/index';
import { CORRELATION_NODES, M1_PUBLISHED, overlapCurve, selfTerm, stepPopulationPart, teacherCorrelation, teacherLink } from '../../properties/reusing-batches';
import { gaussianExpectation, gaussHermite, hermite, splitGaussLegendre } from '../../src/core/data/hermite';
import { rungName, type CheckResult, type Claim, type Rung } from '../../src/contract/claim';
import { DEFAULT_P_FAIL, DEFAULT_P_HOLD } from '../../src/core/stats/stats';
import { referenceTrainer } from '../../src/core/train';
import type { Trainer, TrainRequest } from '../../src/contract/trainer';
import { expectArraysClose, expectClose } from '../helpers/close';

const SEED = 20261125;
const REUSE = [overlapCurve, selfTerm];

async function rungRate(claim: Claim<any>, rung: Rung, trainer: Trainer = referenceTrainer) {
  const runs = rung.runs ?? claim.runs;
  const instances = fc.sample(fc.noBias(claim.instance(rung.params)), { seed: SEED, numRuns: runs });
  const results: CheckResult[] = [];
  for (const instance of instances) results.push(await claim.check(instance, { trainer, params: rung.params }));
  const passes = results.filter((r) => r.pass && (r.status ?? 'ok') === 'ok').length;
  return { results, passes, runs };
}

/** The convention-M request: relu, a fixed, pre-activations w·x/√D, sum loss, lr 0.2. */
function multiPassRequest(W: Float64Array, a: Float64Array, D: number, X: Float64Array, y: Float64Array, N: number, steps: number): TrainRequest {
  return {
    network: { activation: 'relu', d: D, m: a.length, outputScaling: 'none', inputScale: Math.sqrt(D), trainFirst: true, trainSecond: false, W, a },
    data: { n: N, X, y },
    loss: { kind: 'square', reduction: 'sum' },
    algorithm: { kind: 'gd', lr: 0.2, steps },
    seed: 0,
  };
}

describe('convention M: multi-pass GD is gd on the fixed batch with the sum loss and inputScale √D', () => {
  // D = 4, N = 2, p = 2: neuron 1 active on sample 1 only, neuron 2 on sample 2 only.
  const D = 4;
  const W0 = Float64Array.of(2, 0, 0, 0, 0, 2, 0, 0);
  const a = Float64Array.of(Math.SQRT1_2, -Math.SQRT1_2);
  const X = Float64Array.of(1, -1, 0, 1, -1, 1, 1, 0);
  const y = Float64Array.of(0.5, -0.25);

  it('matches the hand-derived first step w_j ← w_j + η a_j Σ_i r_i relu\'(λ_ij) x_i/√D', async () => {
    // λ = w·x/√D = w·x/2: sample 1: (1, −1) → relu (1, 0); sample 2: (−1, 1) → relu (0, 1).
    const f = [a[0] * 1, a[1] * 1];
    const r = [y[0] - f[0], y[1] - f[1]];
    const expected = W0.slice();
    for (let q = 0; q < D; q++) {
      expected[q] += 0.2 * a[0] * r[0] * X[q] / 2;
      expected[D + q] += 0.2 * a[1] * r[1] * X[D + q] / 2;
    }
    const result = await referenceTrainer.train(multiPassRequest(W0, a, D, X, y, 2, 1));
    expectArraysClose(result.W, expected, 1e-14, 'W1');
    expectClose(result.trace.loss[0], 0.5 * (r[0] ** 2 + r[1] ** 2), 1e-14, 'sum loss before the step');
  });

  it('t calls of one step on the same batch are t steps of multi-pass GD (full-batch GD keeps no state)', async () => {
    let W: Float64Array = W0;
    for (let t = 0; t < 3; t++) W = (await referenceTrainer.train(multiPassRequest(W, a, D, X, y, 2, 1))).W;
    const once = await referenceTrainer.train(multiPassRequest(W0, a, D, X, y, 2, 3));
    expectArraysClose(W, once.W, 0, 'W3');
  });
});

describe('teacherCorrelation', () => {
  it('E[y h_l] agrees with Stein\'s identity E[∂_l y] and with a 200-node Gauss–Hermite product rule', () => {
    const [c1, c2] = teacherCorrelation();
    const outer = splitGaussLegendre(CORRELATION_NODES.h1);
    const inner = splitGaussLegendre(CORRELATION_NODES.h2);
    const dtanh = (u: number) => 1 - Math.tanh(u) ** 2;
    // ∂y/∂h1 = tanh'(h1 + He3(h2)), ∂y/∂h2 = tanh'(·) He3'(h2) = tanh'(·) 3 He2(h2).
    const e = (g: (h1: number, h2: number) => number, ri = inner, ro = outer) =>
      gaussianExpectation((h1) => gaussianExpectation((h2) => g(h1, h2), ri), ro);
    expectClose(c1, e((h1, h2) => dtanh(h1 + hermite(3, h2))), 1e-12, 'c1 (Stein)');
    expectClose(c2, e((h1, h2) => dtanh(h1 + hermite(3, h2)) * 3 * hermite(2, h2)), 1e-12, 'c2 (Stein)');
    // Gauss–Hermite converges slowly on tanh of a cubic (measured 1e−4 at 120 nodes): a loose, independent check.
    const gh = gaussHermite(200);
    const h = new Float64Array(2);
    const ghc = (l: number) => e((h1, h2) => { h[0] = h1; h[1] = h2; return teacherLink(h) * h[l]; }, gh, gh);
    expect(Math.abs(c1 - ghc(0))).toBeLessThan(2e-4);
    expect(Math.abs(c2 - ghc(1))).toBeLessThan(2e-4);
    expect(c1).toBeCloseTo(0.35766, 5);
    expect(c2).toBeCloseTo(-0.29842, 5);
  });
});

describe('the claim list', () => {
  it('lists both reuse claims once each', () => {
    const ids = claims.map((c) => c.id);
    for (const claim of REUSE) expect(ids.filter((id) => id === claim.id)).toHaveLength(1);
  });

  for (const claim of REUSE) {
    it(`${claim.id}: expectations follow the claim's rule; small and default ladders have holds and fails rungs`, () => {
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
    });
  }

  it('M1 references the published curve on every rung up to t = 3', () => {
    for (const rung of overlapCurve.ladders.default) {
      expect(overlapCurve.reference?.(rung.params)).toEqual({ meanOverlap: M1_PUBLISHED[rung.params.t - 1] });
      expect(rung.params.seeds).toBeGreaterThanOrEqual(20);
    }
  });
});

describe('small ladders agree with the paper in both directions', () => {
  for (const claim of REUSE) {
    for (const rung of claim.ladders.small) {
      const expected = rung.expected;
      it(`${claim.id} at ${rungName(rung)}: ${expected.outcome}`, async () => {
        const { results, passes, runs } = await rungRate(claim, rung);
        for (const r of results) expect(r.status ?? 'ok').toBe('ok');
        if (expected.outcome === 'holds') expect(passes / runs).toBeGreaterThanOrEqual(expected.pHold ?? DEFAULT_P_HOLD);
        if (expected.outcome === 'fails') expect(passes / runs).toBeLessThanOrEqual(expected.pFail ?? DEFAULT_P_FAIL);
      });
    }
  }

  it('M1: the measured mean overlap at t = 1, 2, 3 (D = 64, 40 seeds) is within 0.03 of 0.0987, 0.1609, 0.2010', async () => {
    for (const t of [1, 2, 3]) {
      const rung = overlapCurve.ladders.default.find((r) => r.params.t === t && r.params.fresh === 0) as Rung;
      const { results } = await rungRate(overlapCurve, { ...rung, runs: 1 });
      const measured = results[0].observables?.meanOverlap as number;
      expect(Math.abs(measured - M1_PUBLISHED[t - 1]), `t = ${t}: ${measured}`).toBeLessThan(0.03);
    }
  });
});

describe('the checks evaluate the trained network', () => {
  const idle: Trainer = {
    name: 'idle',
    supports: () => true,
    train: (req) => ({ W: req.network.W.slice(), a: req.network.a.slice(), steps: 0, trace: { step: [0], loss: [0] } }),
  };
  /** A rung with fewer runs per trial: the idle trainer's outcome does not depend on the noise. */
  const light = (rung: Rung): Rung => ({ ...rung, params: { ...rung.params, seeds: 8 }, runs: 1 });

  it('a trainer that takes no step fails every holds rung of M1 (m stays 0) and M2 (no gap)', async () => {
    for (const claim of REUSE) {
      for (const rung of [...claim.ladders.small, ...claim.ladders.default].filter((r) => r.expected.outcome === 'holds')) {
        const { results, passes } = await rungRate(claim, light(rung), idle);
        expect(passes, `${claim.id} ${rungName(rung)}`).toBe(0);
        if (claim === overlapCurve) expect(results[0].observables?.meanOverlap).toBeLessThan(1e-12);
      }
    }
  });

  it('a trainer that takes no step cannot agree with a control: its trials are not scored, and say why', async () => {
    for (const claim of REUSE) {
      for (const rung of [...claim.ladders.small, ...claim.ladders.default].filter((r) => r.expected.outcome === 'fails')) {
        const { results } = await rungRate(claim, light(rung), idle);
        expect(results[0].status, `${claim.id} ${rungName(rung)}`).toBe('not-scored');
        expect(results[0].reason).toMatch(claim === overlapCurve ? /first step did not reach the published m\(1\)/ : /did not take the paper's step/);
      }
    }
  });

  it('the controls\' premises hold for the reference trainer: its first step is the published one, its step has the exact mean', async () => {
    const m1 = overlapCurve.ladders.small.find((r) => r.expected.outcome === 'fails') as Rung;
    const { results } = await rungRate(overlapCurve, { ...m1, runs: 1 });
    expect(results[0].status ?? 'ok').toBe('ok');
    expect(Math.abs((results[0].observables?.meanOverlapStep1 as number) - M1_PUBLISHED[0])).toBeLessThan(0.01);
    for (const rung of selfTerm.ladders.small) {
      const { results: r2 } = await rungRate(selfTerm, { ...rung, runs: 1 });
      expect(r2[0].status ?? 'ok').toBe('ok');
      expect(Math.abs((r2[0].observables?.stepOverExpected as number) - 1)).toBeLessThan(0.05);
    }
  });

  it('stepPopulationPart is η α |a| (c1² + c2²)/2', () => {
    const [c1, c2] = teacherCorrelation();
    expectClose(stepPopulationPart(4), 0.2 * 4 * Math.SQRT1_2 * (c1 * c1 + c2 * c2) / 2, 1e-15, 'step mean');
  });
});

describe('power', () => {
  for (const claim of REUSE) {
    it(`${claim.id}: every gated rung of the default ladder has at least 20 trials`, () => {
      for (const rung of claim.ladders.default.filter((r) => r.expected.outcome !== 'observe')) {
        expect(rung.runs ?? claim.runs, rungName(rung)).toBeGreaterThanOrEqual(20);
      }
    });
  }

  it('M1 gates its one-pass control at t = 3 and observes t = 2 (one-pass is within 0.03 of the curve there)', () => {
    expect(overlapCurve.expect({ D: 64, alpha: 3, t: 2, fresh: 1, seeds: 40 }).outcome).toBe('observe');
    expect(overlapCurve.expect({ D: 64, alpha: 3, t: 3, fresh: 1, seeds: 40 }).outcome).toBe('fails');
    expect(overlapCurve.expect({ D: 64, alpha: 3, t: 4, fresh: 0, seeds: 40 }).outcome).toBe('observe');
  });
});
