// spectrum.beyond-random-features (CLAIMS S2): after one giant step, ridge on the learned features beats the
// random-features floor. Cui et al. 2024 (asymptotics of feature learning after one gradient step).
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { choice, intParam, reals } from '../shared/params';
import {
  CUI,
  drawBatch,
  giantStep,
  isCheckResult,
  offCalibratedWidth,
  PAPER,
  ridgeTestMse,
  readoutInstance,
  samples,
  STEP_DOMAIN,
  targetMoments,
  trialStart,
  unmoved,
  type ReadoutInstance,
} from './family';

// ------------------------------------------------------------------------------------------------
// S2 ridge on the stepped features beats the random-features floor.

/** CLAIMS S2: the margin below the random-features floor that counts as beating it. */
const S2_MARGIN = 0.05;
/** Readout ridge penalty, normalised by n (calibrated, see the notes). */
const S2_LAMBDA = 1e-3;
/** Steps up to η = d/4 are below the giant-step scaling: calibrated to fail (notes). */
const S2_SMALL_STEP = 1 / 4;
/** Fresh test samples: the Monte Carlo error of the test MSE, ≈ √(Var (y − f)²/n_test) ≈ 0.015, is under a third of the margin. */
const S2_TEST = 2048;

/** E[σ*²] − μ0² − μ1²: what ridge on untrained features cannot go below when n, p, d grow proportionally. */
export function randomFeaturesFloor(target: number): number {
  const { E2, mu0, mu1 } = targetMoments(target);
  return E2 - mu0 * mu0 - mu1 * mu1;
}


function s2Expect(params: Params): Expectation {
  const offWidth = offCalibratedWidth(params);
  if (offWidth) return offWidth;
  const d = intParam(params, 'd', 2);
  const eta = (params.etaOverD ?? 0) * d;
  const n0 = samples(params, 'n0');
  const n = samples(params, 'n');
  if (eta === 0) return { outcome: 'fails', why: 'η = 0 is ridge on random features: it never beats the floor (0/20 in CLAIMS S2)' };
  // The trainer's own run below the giant-step scaling η = Θ(d): the step is taken but too small to help.
  if (eta <= S2_SMALL_STEP * d) return { outcome: 'fails', why: 'η ≤ d/4, below the giant-step scaling η = Θ(d): the stepped features still do not beat the floor (0/60 at η = 1 and d/4, d = 32; 0/40 at d = 64)' };
  // The calibrated settings of CLAIMS S2, and anything with more samples for the step or the readout.
  const calibrated = (n0 >= 4 * d && n >= 16 * d) || (n0 >= 8 * d && n >= 8 * d);
  if (eta >= 4 * d && calibrated) {
    return { outcome: 'holds', why: 'after the step the readout learns beyond the linear part (0.95–1.00 in CLAIMS S2)' };
  }
  return { outcome: 'observe', why: 'not gated in CLAIMS S2 (e.g. n = n0 = 4d reaches 0.3–0.6 there)' };
}

function s2Rung(etaOverD: number, n0OverD: number, nOverD: number, runs?: number): Rung {
  const d = 32;
  const params = { d, p: 64, target: 0, etaOverD, n0OverD, nOverD };
  const eta = etaOverD * d === 1 ? 'η=1' : etaOverD === 1 ? 'η=d' : `η=${etaOverD}d`;
  return { name: `${eta}, n0=${n0OverD}d, n=${nOverD}d`, params, expected: s2Expect(params), ...(runs ? { runs } : {}) };
}

/** η = 1 at d = 32: a step of order one, below the giant-step scaling η = Θ(d). */
const S2_ETA_ONE = 1 / 32;

export const beyondRandomFeatures: Claim<ReadoutInstance> = {
  id: 'spectrum.beyond-random-features',
  paper: PAPER,
  statement: 'After one giant step (η = Θ(d)), ridge on the learned features reaches test error below the random-features floor E[σ*²] − μ0² − μ1²; on the initial features it cannot.',
  source: `${CUI}: exact asymptotic test error after one step, improving over random features`,
  runs: 30,
  defaults: { d: 32, p: 64, target: 0, etaOverD: 4, n0OverD: 4, nOverD: 16 },
  domain: {
    ...STEP_DOMAIN,
    etaOverD: reals(0, 32, 'η/d ≤ 32: 0 is no step (random features), Θ(1) the giant step (CLAIMS S2: up to 8)'),
    nOverD: reals(1 / 32, 32, 'n/d ≤ 32: the ridge readout\'s samples, twice the largest of CLAIMS S2'),
  },
  ladders: {
    small: [s2Rung(8, 8, 8, 15), s2Rung(0, 8, 8, 15), s2Rung(S2_ETA_ONE, 8, 8, 15)],
    default: [
      s2Rung(0, 4, 16, 20), s2Rung(S2_ETA_ONE, 4, 16, 20), s2Rung(4, 4, 16), s2Rung(8, 4, 16),
      s2Rung(0, 8, 8, 20), s2Rung(4, 8, 8), s2Rung(8, 8, 8), s2Rung(4, 4, 4, 20), s2Rung(8, 4, 4, 20),
    ],
    large: [0, S2_ETA_ONE, 0.25, 1, 2, 4, 8].flatMap((e) => [s2Rung(e, 4, 16, 100), s2Rung(e, 8, 8, 100), s2Rung(e, 4, 4, 100)]),
  },
  expect: s2Expect,
  instance: (params) => readoutInstance(params, false),
  async check(inst, ctx) {
    const { d, p, n0, n, eta, target } = inst;
    const { s, net, theta } = trialStart(inst);
    let W = net.W0;
    // η = 0 is the untrained network: ridge on random features, the negative control.
    if (eta > 0) {
      const W1 = await giantStep(ctx.trainer, net, drawBatch(s.child('batch'), n0, d, theta, target), d, p, eta, inst.seed);
      if (isCheckResult(W1)) return W1;
      const idle = unmoved(net.W0, W1, eta, s2Expect(ctx.params));
      if (idle) return idle;
      W = W1;
    }
    const testMse = ridgeTestMse(W, drawBatch(s.child('readout'), n, d, theta, target), drawBatch(s.child('test'), S2_TEST, d, theta, target), d, p, S2_LAMBDA);
    const floor = randomFeaturesFloor(target);
    // CLAIMS S2 (beyond random features): test MSE < E[σ*²] − μ0² − μ1² − 0.05.
    return { pass: testMse < floor - S2_MARGIN, observables: { testMse, gap: floor - testMse } };
  },
  plot: { x: 'etaOverD', series: 'nOverD' },
  reference: (params) => ({ testMse: randomFeaturesFloor(choice(params, 'target', [0, 1, 2, 3])) }),
  notes: [
    'A trial with η > 0 whose step left W0 unchanged (‖W1 − W0‖_F ≤ ε‖W0‖_F) fails on the holds rungs and is not scored on the η = 1 control, where ridge on W0 would fail whatever the trainer.',
    'Features relu(Wx)/√p of the stepped W (or W0 at η = 0), readout fitted by ridge with penalty λ = 1e−3 (normalised by n) and an unpenalised intercept on n fresh samples; test MSE on 2048 fresh samples. Reference: the random-features floor E[σ*²] − μ0² − μ1² = 0.5274 (tanh + He2/2); pass = test MSE below it by 0.05.',
    'Negative controls: η = 0 (CLAIMS S2: ridge on the initial features, no trainer call) and η = 1, a run of the trainer below the giant-step scaling η = Θ(d) (the step is taken, the premise that W moved holds, and the check must still fail). This harness, pass rates at n0 = 4d, n = 16d: η = 1: 0/60 (seeds 1 and 7, d = 32; median test MSE 0.62–0.63), 0/40 (d = 64); η = d/8: 0/60; η = d/4: 0/60 (d = 32), 0/40 (d = 64); η = d/2: 2/60; η = d: 10/60; η = 4d: 0.95 (CLAIMS), 39/40 at d = 64. At n0 = n = 8d, η = 1: 0/60. Fails is gated for η ≤ d/4 only.',
    'Calibration (CLAIMS S2, numpy): η = 0 fails 0/20; n0 = 4d, n = 16d: 0.95 at η = 4d, 1.00 at 8d; n0 = n = 8d: 0.96 / 1.00. Without the intercept the η = 4d rungs measured only 0.78–0.88 here (λ from 1e−4 to 1e−2), with it 0.96–1.00: the intercept is part of the encoding. n0 = n = 4d is reported (observe).',
  ],
};
