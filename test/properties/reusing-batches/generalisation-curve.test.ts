// reusing-batches.generalisation-curve (properties/reusing-batches/generalisation-curve.ts): the kit's tests, the
// measured test error against the stored curve, the one-pass control and its premise.
import { describe, expect, it } from 'vitest';
import { generalisationCurve, populationTestError, PUBLISHED_TEST_ERROR, TEST_ERROR_NODES } from '../../../properties/reusing-batches/generalisation-curve';
import { A, batch, drawRun, network } from '../../../properties/reusing-batches/family';
import { architecture, predict } from '../../../src/core/model/network';
import { stream } from '../../../src/core/rng';
import { rungName, type Rung } from '../../../src/contract/claim';
import { describeClaim, everyTrialOk, idleTrainer, rungRate } from '../../helpers/claim-kit';

describeClaim('reusing-batches', generalisationCurve, { perRung: everyTrialOk });

/** A rung with fewer runs per trial. */
const light = (rung: Rung, seeds = 8): Rung => ({ ...rung, params: { ...rung.params, seeds }, runs: 1 });
const rungAt = (t: number, fresh: number) => generalisationCurve.ladders.default.find((r) => r.params.t === t && r.params.fresh === fresh) as Rung;

describe('populationTestError', () => {
  const D = 32;
  const s = stream(11);
  const { Theta, W0 } = drawRun(s, D);
  // A student with some overlap with the teacher, as after a few steps.
  const W = W0.map((w, i) => w + 2 * Theta[i % (2 * D)]);

  it('has converged at its rule: a rule four times finer in each direction moves it by less than 1e−4 of the band (0.01)', () => {
    const fine = populationTestError(W, Theta, D, { h1: 4 * TEST_ERROR_NODES.h1, h2: 4 * TEST_ERROR_NODES.h2 });
    expect(Math.abs(populationTestError(W, Theta, D) - fine)).toBeLessThan(1e-6);
  });

  it('is the mean of ½(y − f)² over a large test set, within 4 of its standard errors', () => {
    const n = 100_000;
    const test = batch(s.child('test'), Theta, n, D);
    const f = predict(architecture(network(W, D)), W, A, test.X, n);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const loss = 0.5 * (test.y[i] - f[i]) ** 2;
      sum += loss;
      squares += loss * loss;
    }
    const mean = sum / n;
    const standardError = Math.sqrt((squares / n - mean * mean) / n);
    expect(Math.abs(populationTestError(W, Theta, D) - mean)).toBeLessThan(4 * standardError);
  });
});

describe('reusing-batches.generalisation-curve: the stored curve', () => {
  it('references the stored test error after t steps on every rung', () => {
    for (const rung of generalisationCurve.ladders.default) {
      expect(generalisationCurve.reference?.(rung.params)).toEqual({ meanTestError: PUBLISHED_TEST_ERROR[rung.params.t] });
    }
  });

  it('the reused batch\'s mean test error (D = 64, 20 runs) lies within the band of the curve, one-pass falls below it at t = 3', async () => {
    const reuse = (await rungRate(generalisationCurve, { ...rungAt(3, 0), runs: 1 })).outcomes[0];
    expect(Math.abs(reuse.observables.meanTestError - PUBLISHED_TEST_ERROR[3])).toBeLessThan(0.01);
    const onePass = await rungRate(generalisationCurve, { ...rungAt(3, 1), runs: 2 });
    expect(onePass.passes).toBe(0);
    for (const o of onePass.outcomes) {
      expect(o.status).toBe('ok');
      expect(o.observables.meanTestError).toBeLessThan(PUBLISHED_TEST_ERROR[3] - 0.01);
    }
  });

  it('gates the one-pass control from t = 3 and observes t = 2 and past the stored curve', () => {
    expect(generalisationCurve.expect({ D: 64, alpha: 3, t: 2, fresh: 1, seeds: 40 }).outcome).toBe('observe');
    expect(generalisationCurve.expect({ D: 64, alpha: 3, t: 3, fresh: 1, seeds: 40 }).outcome).toBe('fails');
    expect(generalisationCurve.expect({ D: 64, alpha: 3, t: 7, fresh: 0, seeds: 40 }).outcome).toBe('observe');
  });
});

describe('reusing-batches.generalisation-curve evaluates the trained network', () => {
  const rungs = [...generalisationCurve.ladders.small, ...generalisationCurve.ladders.default];

  it('a trainer that takes no step fails every holds rung: the test error stays at its starting value', async () => {
    for (const rung of rungs.filter((r) => r.expected.outcome === 'holds')) {
      const { outcomes, passes } = await rungRate(generalisationCurve, light(rung), { trainer: idleTrainer });
      expect(passes, rungName(rung)).toBe(0);
      expect(outcomes[0].observables.meanTestError).toBeGreaterThan(PUBLISHED_TEST_ERROR[1] + 0.03);
    }
  });

  it('a trainer that takes no step cannot agree with the control: its trials are not scored, and say why', async () => {
    for (const rung of rungs.filter((r) => r.expected.outcome === 'fails')) {
      const { outcomes } = await rungRate(generalisationCurve, light(rung), { trainer: idleTrainer });
      expect(outcomes[0].status, rungName(rung)).toBe('not-scored');
      expect(outcomes[0].reason).toMatch(/first step missed the curve/);
    }
  });
});
