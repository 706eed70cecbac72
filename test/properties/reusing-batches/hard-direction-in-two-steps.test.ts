// reusing-batches.hard-direction-in-two-steps (properties/reusing-batches/hard-direction-in-two-steps.ts): the kit's
// tests, the target's Hermite facts the claim rests on, the significance rule, and the control's premise.
import { describe, expect, it } from 'vitest';
import { hardDirectionInTwoSteps as claim, hardLink, nonTrivial, significance } from '../../../properties/reusing-batches/hard-direction-in-two-steps';
import { gaussianExpectation, gaussHermite } from '../../../src/core/data/hermite';
import { rungName, type Rung } from '../../../src/contract/claim';
import { describeClaim, everyTrialOk, idleTrainer, rungRate } from '../../helpers/claim-kit';
import { expectClose } from '../../helpers/close';

describeClaim('reusing-batches', claim, { perRung: everyTrialOk });

describe('the target has no staircase to h2, and reuse reaches it', () => {
  // y is a polynomial of degree 6 in h2 at most (y² h2: degree 7): 20 Gauss–Hermite nodes are exact.
  const rule = gaussHermite(20);
  const h = new Float64Array(2);
  const moment = (f: (y: number, h2: number) => number) => gaussianExpectation((h1) => gaussianExpectation((h2) => {
    h[0] = h1;
    h[1] = h2;
    return f(hardLink(h), h2);
  }, rule), rule);

  it('E[y h2] = 0 and E[y h1 h2] = 0: no first-order term and no linear step from h1 to h2 (leap 2)', () => {
    expectClose(moment((y, h2) => y * h2), 0, 1e-12, 'E[y h2]');
    expectClose(gaussianExpectation((h1) => h1 * gaussianExpectation((h2) => { h[0] = h1; h[1] = h2; return hardLink(h) * h2; }, rule), rule), 0, 1e-12, 'E[y h1 h2]');
    expectClose(moment((y, h2) => y * (h2 * h2 - 1)) / 2, 1, 1e-12, 'He2(h2) coefficient');
  });

  it('E[y² h2] = 2 E[He2 He3 He1] = 12: the reused batch\'s self-term correlates the second step with h2', () => {
    expectClose(moment((y, h2) => y * y * h2), 12, 1e-12, 'E[y² h2]');
  });
});

describe('the significance rule', () => {
  const D = 4;
  const run = (m0: number, m1: number) => Float64Array.of(0, m0, 0, m1);

  it('means, |mean|/standard error and spread·√D per neuron', () => {
    const runs = [run(0.1, 1), run(0.3, 1), run(0.2, 1)];
    const sig = significance(runs, 1, D);
    expectClose(sig.means[0], 0.2, 1e-14);
    // sd of (0.1, 0.3, 0.2) is 0.1; standard error 0.1/√3.
    expectClose(sig.tValues[0], 0.2 / (0.1 / Math.sqrt(3)), 1e-12);
    expectClose(sig.spreads[0], 0.1 * 2, 1e-12);
    // Every run equal: no spread, t = 0, never non-trivial (a trainer that does not move has m = 0 in every run).
    expect(sig.tValues[1]).toBe(0);
  });

  it('is non-trivial only beyond 3 standard errors', () => {
    expect(nonTrivial({ means: [0.1, 0], tValues: [3.01, 0], spreads: [1, 1] })).toBe(true);
    expect(nonTrivial({ means: [0.1, 0.1], tValues: [2.99, 2.5], spreads: [1, 1] })).toBe(false);
    expect(nonTrivial(significance([run(0, 0), run(0, 0)], 1, D))).toBe(false);
  });
});

describe('gates sit where the calibration puts them', () => {
  it('holds at N = 8D, observes N = 3D, fails for fresh batches, from D = 64 on', () => {
    const at = (D: number, alpha: number, fresh: number) => claim.expect({ D, alpha, t: 2, fresh, seeds: 48 }).outcome;
    expect([at(64, 8, 0), at(128, 8, 0), at(64, 3, 0), at(64, 8, 1), at(128, 3, 1), at(32, 8, 0)]).toEqual(['holds', 'holds', 'observe', 'fails', 'fails', 'observe']);
  });
});

describe('the fresh-batch control is a run of a trainer that learns', () => {
  const control = claim.ladders.small.find((r) => r.params.fresh === 1) as Rung;

  it('the reference trainer learns the easy direction h1 on the control (its premise) and not h2', async () => {
    const { outcomes } = await rungRate(claim, { ...control, runs: 1 });
    expect(outcomes[0].status).toBe('ok');
    expect(outcomes[0].observables.easyOverlap).toBeGreaterThan(0.5);
    expect(outcomes[0].pass).toBe(false);
  });

  it('a trainer that takes no step is not scored on the control, and the reason says why', async () => {
    const { outcomes } = await rungRate(claim, { ...control, params: { ...control.params, seeds: 8 }, runs: 1 }, { trainer: idleTrainer });
    expect(outcomes[0].status, rungName(control)).toBe('not-scored');
    expect(outcomes[0].reason).toMatch(/did not learn the easy direction h1/);
  });
});
