// batch-size.ode-tracks-sgd (properties/batch-size/ode-tracks-sgd.ts): the kit's tests, the overlap system against
// the repository's own code, and a broken trainer of the zoo leaving the band.
import { describe, expect, it } from 'vitest';
import { band, M0, overlapCurve, overlapStep, odeTracksSgd as claim } from '../../../properties/batch-size/ode-tracks-sgd';
import { LOSS } from '../../../properties/batch-size/family';
import type { Rung } from '../../../src/contract/claim';
import { describeClaim, everyTrialOk, rungRate } from '../../helpers/claim-kit';
import { expectArraysClose, expectClose } from '../../helpers/close';
import onlineBatchReused from '../../fixtures/broken-trainers/online-batch-reused';

describeClaim('batch-size', claim, { perRung: everyTrialOk });

describe('the overlap system is the repository\'s', () => {
  /**
   * M_0 … M_T of ProjectedH3H3Overlaps (IdePHICS/batch-size-time-complexity-tradeoffs, giant-learning/giant_learning/
   * base.py and poly_poly.py) with P = Q0 = [[1]], a0 = [1], noise 0, I4_diagonal = d/n_b, I4_offdiagonal = I3 = True,
   * predictor_interaction = square loss; printed with '%.17g' by numpy 1.26 (its polynomial I3/I4, not quadrature).
   */
  const REPOSITORY: { args: [number, number, number, boolean]; M: number[] }[] = [
    { args: [0.3, 0.01, 1, true], M: [0.3, 0.25943968111102589, 0.22250852445560884, 0.18940463763840018, 0.16014414067533411, 0.1345994869084694] },
    { args: [0.3, 0.01, 1, false], M: [0.3, 0.31095473140849067, 0.32256094858328427, 0.3348513221730558, 0.34785533394532048, 0.36159733917035097] },
    { args: [0.2, 0.05, 0.25, true], M: [0.2, 0.037983782836326724, 0.0034592204993170619, 0.00024213752845692393] },
    { args: [0.5, 0.002, 64, true], M: [0.5, 0.37410514649881393, 0.27376870336683407, 0.19828272364844543] },
    { args: [0.5, 0.002, 64, false], M: [0.5, 0.47448468115765013, 0.45291632246646918, 0.43428659248970358] },
  ];

  it('reproduces the repository\'s iterates to rounding (relative 1e−13 after a few steps)', () => {
    for (const { args, M } of REPOSITORY) expectArraysClose(overlapCurve(...args, M.length - 1), M, 1e-13, JSON.stringify(args));
  });

  it('its expectations are poly_poly.py\'s closed forms: the mean step of the overlap is γ(18M² − 18M) (square), 18γM² (correlation)', () => {
    // With γ → 0 the step is M + γ E[r σ' h] − γ M E[r σ' λ] to first order: E[r σ' h] = 18M² − 18 s M, E[r σ' λ] = 18M³ − 18 s.
    const gamma = 1e-7;
    for (const M of [0.1, 0.5, 0.9]) {
      for (const s of [1, 0]) {
        const drift = (overlapStep(M, gamma, 0, s === 1) - M) / gamma;
        expectClose(drift, 18 * M * M - 18 * s * M - M * (18 * M ** 3 - 18 * s), 1e-5, `M = ${M}, s = ${s}`);
      }
    }
  });

  it('the band shrinks as 1/√d from 0.15 at d = 64', () => {
    expectClose(band(64), 0.15, 1e-15);
    expectClose(band(128) / band(64), Math.SQRT1_2, 1e-15);
    expect(M0).toBe(0.5);
  });
});

describe('gates sit where the calibration puts them', () => {
  it('holds at c = 0.01 and fails at c = 1 (correlation from d = 64, square from d = 128), observes between and below', () => {
    const at = (d: number, loss: number, c: number) => claim.expect({ d, nb: 16, loss, c }).outcome;
    expect([at(64, LOSS.correlation, 0.01), at(64, LOSS.correlation, 1), at(64, LOSS.square, 0.01), at(64, LOSS.square, 1), at(128, LOSS.square, 0.01), at(128, LOSS.square, 1), at(128, LOSS.correlation, 0.1), at(32, LOSS.correlation, 0.01)])
      .toEqual(['holds', 'fails', 'observe', 'observe', 'holds', 'fails', 'observe', 'observe']);
  });
});

describe('the control is a run of the trainer', () => {
  it('the reference trainer\'s overlap moves along the control run and leaves the band', async () => {
    const control = claim.ladders.small.find((r) => r.expected.outcome === 'fails') as Rung;
    const { outcomes } = await rungRate(claim, { ...control, runs: 2 });
    for (const o of outcomes) {
      expect(o.status).toBe('ok');
      expect(o.observables.sgdMoved).toBeGreaterThan(0);
      expect(o.observables.supNorm).toBeGreaterThan(band(control.params.d));
    }
  });
});

describe('a broken trainer of the zoo leaves the band', () => {
  it('bug-online-batch-reused (every update on the first batch) is not tracked by the system', async () => {
    const rung = claim.ladders.small.find((r) => r.expected.outcome === 'holds') as Rung;
    const { outcomes, passes } = await rungRate(claim, { ...rung, runs: 2 }, { trainer: onlineBatchReused });
    expect(passes).toBe(0);
    for (const o of outcomes) expect(o.observables.supNorm).toBeGreaterThan(band(rung.params.d));
  });
});
