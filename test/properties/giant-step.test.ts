import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  axialSpread,
  fitLine,
  g1Formula,
  G1_CHECK,
  hardDirections,
  onlyOneDirection,
  singleDirection,
  staircaseSteps,
} from '../../properties/giant-step';
import { claims } from '../../properties/index';
import { rungName, type CheckResult, type Claim, type Rung } from '../../src/harness/claim';
import { DEFAULT_P_FAIL, DEFAULT_P_HOLD } from '../../src/harness/stats';
import { referenceTrainer } from '../../src/train';
import type { Trainer, TrainRequest } from '../../src/train/types';
import { expectArraysClose, expectClose } from '../helpers/close';

const SEED = 20261125;
const GIANT_STEP = [singleDirection, onlyOneDirection, hardDirections, staircaseSteps];
const GATED = [singleDirection, onlyOneDirection, hardDirections];

/** Rate mode on one rung, as the runner does it: unbiased draws, scored trials only. */
async function rungRate(claim: Claim<any>, rung: Rung, trainer: Trainer = referenceTrainer) {
  const runs = rung.runs ?? claim.runs;
  const instances = fc.sample(fc.noBias(claim.instance(rung.params)), { seed: SEED, numRuns: runs });
  const results: CheckResult[] = [];
  for (const instance of instances) results.push(await claim.check(instance, { trainer, params: rung.params }));
  const passes = results.filter((r) => r.pass && (r.status ?? 'ok') === 'ok').length;
  return { results, passes, runs };
}

describe('convention G: one giant step is one full-batch gd step on a fresh batch', () => {
  it('matches the hand-derived first step W1 = W0 − η ∇_W ½ mean (y − f)², f = (1/√p) Σ a_j relu(w_j·x)', async () => {
    // d = 2, p = 2, n = 2; neuron 1 is active on both samples, neuron 2 only on the second.
    const W0 = Float64Array.of(1, 0, -1, 1);
    const a = Float64Array.of(1 / Math.SQRT2, -1 / Math.SQRT2);
    const X = Float64Array.of(1, 0.5, 0.5, 2);
    const y = Float64Array.of(2, -1);
    const eta = 128;
    const s = 1 / Math.SQRT2;
    // Pre-activations: x1: (1, −1) → relu (1, 0); x2: (0.5, 1.5) → relu (0.5, 1.5).
    const f = [s * (a[0] * 1), s * (a[0] * 0.5 + a[1] * 1.5)];
    const r = [f[0] - y[0], f[1] - y[1]];
    // ∇_{w_j} = (1/n) Σ_i r_i s a_j 1{w_j·x_i > 0} x_i.
    const g1 = [0, 1].map((q) => (r[0] * s * a[0] * X[q] + r[1] * s * a[0] * X[2 + q]) / 2);
    const g2 = [0, 1].map((q) => (r[1] * s * a[1] * X[2 + q]) / 2);
    const expected = [W0[0] - eta * g1[0], W0[1] - eta * g1[1], W0[2] - eta * g2[0], W0[3] - eta * g2[1]];
    const request: TrainRequest = {
      network: { activation: 'relu', d: 2, m: 2, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: false, W: W0, a },
      data: { n: 2, X, y },
      loss: { kind: 'square', reduction: 'mean' },
      algorithm: { kind: 'gd', lr: eta, steps: 1 },
      seed: 0,
    };
    const result = await referenceTrainer.train(request);
    expectArraysClose(result.W, expected, 1e-13, 'W1');
    expectArraysClose(result.a, a, 0, 'a fixed');
    expectClose(result.trace.loss[0], ((f[0] - y[0]) ** 2 + (f[1] - y[1]) ** 2) / 4, 1e-14, 'loss before the step');
  });
});

describe('helpers', () => {
  it('g1Formula gives the CLAIMS values 0.54, 0.78, 0.92 at n/d = 1, 4, 16', () => {
    expect(g1Formula(1)).toBeCloseTo(0.543, 3);
    expect(g1Formula(4)).toBeCloseTo(0.784, 3);
    expect(g1Formula(16)).toBeCloseTo(0.919, 3);
  });

  it('fitLine: exact slope and share 1 on a line through 0 (any signs), share ≈ 1/2 for isotropic points', () => {
    const onLine = Float64Array.from([0.8, 0.2, -0.4, -0.1, 0.6, 0.15]);
    const fit = fitLine(onLine, 3, 0.25);
    expectClose(fit.slope, 0.25, 1e-15);
    expectClose(fit.share, 1, 1e-15);
    // Points on the axes with equal norms: half of the second moment along any line through 0 at 45°.
    const cross = Float64Array.from([1, 0, 0, 1, -1, 0, 0, -1]);
    expectClose(fitLine(cross, 4, 1).share, 0.5, 1e-15);
    expectClose(fitLine(cross, 4, 1).slope, 0, 1e-15);
  });

  it('axialSpread: 0 on one line through 0 (rays of both signs), π/2-ish cap when the points have no axis', () => {
    expect(axialSpread(Float64Array.from([1, 0.25, -2, -0.5, 0.4, 0.1]), 3)).toBeLessThan(1e-7);
    const spread = axialSpread(Float64Array.from([1, 0, 0, 1, 1, 1, 1, -1]), 4);
    expect(spread).toBeGreaterThan(1);
    // Two lines at a small angle δ: the spread is δ/2 to first order.
    const delta = 0.02;
    const two = Float64Array.from([1, 0, Math.cos(delta), Math.sin(delta)]);
    expectClose(axialSpread(two, 2), delta / 2, 1e-3);
  });
});

describe('the claim list', () => {
  it('lists the four giant-step claims once each', () => {
    const ids = claims.map((c) => c.id);
    for (const claim of GIANT_STEP) expect(ids.filter((id) => id === claim.id)).toHaveLength(1);
  });

  for (const claim of GIANT_STEP) {
    it(`${claim.id}: rung names are unique and every rung's expectation is the claim's rule`, () => {
      for (const scale of ['small', 'default', 'large'] as const) {
        const rungs = claim.ladders[scale];
        expect(new Set(rungs.map(rungName)).size).toBe(rungs.length);
        for (const rung of rungs) expect(rung.expected).toEqual(claim.expect(rung.params));
      }
    });
  }

  for (const claim of GATED) {
    it(`${claim.id}: the small and default ladders hold a holds rung and a fails rung`, () => {
      for (const scale of ['small', 'default'] as const) {
        const outcomes = claim.ladders[scale].map((r) => r.expected.outcome);
        expect(outcomes).toContain('holds');
        expect(outcomes).toContain('fails');
      }
    });
  }
});

describe('small ladders agree with the paper in both directions', () => {
  for (const claim of GATED) {
    for (const rung of claim.ladders.small) {
      const expected = rung.expected;
      it(`${claim.id} at ${rungName(rung)}: ${expected.outcome}`, async () => {
        const { results, passes, runs } = await rungRate(claim, rung);
        for (const r of results) {
          expect(r.status ?? 'ok').toBe('ok');
          for (const v of Object.values(r.observables ?? {})) expect(Number.isFinite(v)).toBe(true);
        }
        if (expected.outcome === 'holds') expect(passes / runs).toBeGreaterThanOrEqual(expected.pHold ?? DEFAULT_P_HOLD);
        if (expected.outcome === 'fails') expect(passes / runs).toBeLessThanOrEqual(expected.pFail ?? DEFAULT_P_FAIL);
      });
    }
  }

  it('giant-step.staircase (observe): both targets report the step-1 and step-6 spreads', async () => {
    for (const rung of staircaseSteps.ladders.small) {
      const { results } = await rungRate(staircaseSteps, rung);
      for (const r of results) {
        expect(r.status ?? 'ok').toBe('ok');
        const { spread1, spread6 } = r.observables ?? {};
        for (const v of [spread1, spread6]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(Math.PI / 2);
        }
        expect(r.pass).toBe(spread6 >= 2 * spread1);
      }
    }
  });
});

describe('the checks evaluate the trained network', () => {
  const rung = singleDirection.ladders.small.find((r) => r.params.check === G1_CHECK.formula) as Rung;

  it('a trainer that returns W0 unchanged fails the holds rung (no step, no alignment)', async () => {
    const idle: Trainer = {
      name: 'idle',
      supports: () => true,
      train: (req) => ({ W: req.network.W.slice(), a: req.network.a.slice(), steps: 0, trace: { step: [0], loss: [0] } }),
    };
    const { results, passes } = await rungRate(singleDirection, { ...rung, runs: 3 }, idle);
    expect(passes).toBe(0);
    for (const r of results) expect(r.observables?.meanCos).toBe(0);
  });

  it('a trainer that does not support the request skips the trial', async () => {
    const none: Trainer = { name: 'none', supports: () => false, train: () => { throw new Error('unreachable'); } };
    const { results } = await rungRate(singleDirection, { ...rung, runs: 1 }, none);
    expect(results[0].status).toBe('skipped');
  });
});
