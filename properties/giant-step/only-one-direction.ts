// giant-step.only-one-direction (CLAIMS G2): after one step the neurons' overlaps with θ1, θ2 lie on one line: a single
// direction is learned. Dandi, Krzakala, Loureiro, Pesce, Stephan 2023, how two-layer networks learn, one (giant) step at a time.
import { orthonormalDirections, overlapMatrix } from '../../src/core/data/targets';
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { stream } from '../../src/core/rng';
import { intParam, positiveParam } from '../shared/params';
import {
  giantSteps,
  instanceOf,
  isCheckResult,
  isSteps,
  LINEAR_PLUS_SQUARE,
  MU1,
  P,
  PAPER,
  STEP_DOMAIN,
  stepsOf,
  TITLE,
  twoDirectionTarget,
  type GiantStepInstance,
} from './family';

// ------------------------------------------------------------------------------------------------
// G2 only a single direction: the points (cos(G_j, θ1), cos(G_j, θ2)) lie on a line through 0 of slope μ1(σ2*)/μ1(σ1*).

/** |slope − 0.25| < 0.12 (CLAIMS G2). */
const G2_SLOPE_TOLERANCE = 0.12;
/**
 * The control's target: its chance rate is 0.072 exactly at n = 1 and 0.045–0.09 measured at n = d/16 (table in the
 * notes), so 0.2 sits clear of chance and far below the holds side's 1.00.
 */
const G2_CONTROL_P_FAIL = 0.2;
/** "Lie on the line": the line of the predicted slope carries ≥ 90% of the points' second moment (isotropic scatter: 50%). */
const G2_ON_LINE = 0.9;

export interface LineFit {
  /** Least-squares slope through 0 of the points (c1_j, c2_j). */
  slope: number;
  /** Σ_j (u·c_j)² / Σ_j ‖c_j‖² for u the unit vector of the predicted line. */
  share: number;
}

/** Fits the points (O_j0, O_j1) of a p x 2 overlap matrix against the line of slope `predicted`. */
export function fitLine(O: Float64Array, p: number, predicted: number): LineFit {
  const ux = 1 / Math.hypot(1, predicted);
  const uy = predicted * ux;
  let sxx = 0;
  let sxy = 0;
  let along = 0;
  let total = 0;
  for (let j = 0; j < p; j++) {
    const x = O[2 * j];
    const y = O[2 * j + 1];
    sxx += x * x;
    sxy += x * y;
    along += (ux * x + uy * y) ** 2;
    total += x * x + y * y;
  }
  return { slope: sxx > 0 ? sxy / sxx : 0, share: total > 0 ? along / total : 0 };
}

function g2Expect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const alpha = positiveParam(params, 'alpha');
  if (alpha >= 16 && d >= 64) return { outcome: 'holds', why: 'CLAIMS G2: slope 0.243 ± 0.05 at d = 64, n = 16d' };
  // The control's predicate passes by chance at ≈ 0.07 (notes): a 0.1 target would leave it inconclusive on
  // about one seed in ten even at 100 trials, so it is held to G2_CONTROL_P_FAIL (calibration in the notes).
  if (alpha <= 1 / 16) return { outcome: 'fails', pFail: G2_CONTROL_P_FAIL, why: 'n ≤ d/16: the step is mostly sample noise; the points fall on the predicted line only by chance (≈ 0.07)' };
  return { outcome: 'observe', why: 'CLAIMS G2: at n = d the slope is noise; no calibration between' };
}

function g2Rung(d: number, alpha: number, runs?: number): Rung {
  const params = { d, alpha };
  return { name: `d=${d}, n/d=${alpha}`, params, expected: g2Expect(params), ...(runs ? { runs } : {}) };
}

export const onlyOneDirection: Claim<GiantStepInstance> = {
  id: 'giant-step.only-one-direction',
  paper: PAPER,
  statement: 'After one step the points (cos(G_j, θ1), cos(G_j, θ2)) lie on one line through 0 of slope μ1(σ2*)/μ1(σ1*) = 0.25: a single direction is learned.',
  source: `${TITLE}: a single step with n = O(d) learns only a single direction (CLAIMS G2)`,
  runs: 20,
  defaults: { d: 64, alpha: 16 },
  domain: STEP_DOMAIN,
  ladders: {
    small: [g2Rung(64, 16, 8), g2Rung(64, 1 / 16, 8)],
    default: [g2Rung(64, 1 / 16, 40), g2Rung(64, 1), g2Rung(64, 4), g2Rung(64, 16), g2Rung(32, 16)],
    large: [...[64, 128].flatMap((d) => [1 / 16, 1 / 4, 1, 4, 16].map((alpha) => g2Rung(d, alpha, 40))), g2Rung(32, 16, 40)],
  },
  expect: g2Expect,
  instance: (params) => instanceOf(params, 1),
  async check(inst, ctx) {
    const { d } = inst;
    const s = stream(inst.seed);
    const Theta = orthonormalDirections(s.child('theta'), 2, d);
    const traj = await giantSteps(ctx.trainer, inst, s, Theta, 2, twoDirectionTarget(...LINEAR_PLUS_SQUARE));
    if (isCheckResult(traj)) return traj;
    const steps = stepsOf(traj, d, g2Expect(ctx.params));
    if (!isSteps(steps)) return steps;
    const predicted = MU1[1] / MU1[0];
    // A neuron that did not move has a zero row and adds nothing to the fit.
    const fit = fitLine(overlapMatrix(steps[0].G, P, d, Theta, 2), P, predicted);
    // CLAIMS G2: slope within 0.12 of μ1(σ2*)/μ1(σ1*), and the points on that line (share ≥ 0.9).
    const pass = Math.abs(fit.slope - predicted) < G2_SLOPE_TOLERANCE && fit.share >= G2_ON_LINE;
    return { pass, observables: { slope: fit.slope, lineShare: fit.share, lossAfter: traj.lossAfter[0] } };
  },
  plot: { x: 'alpha', series: 'd', logX: true },
  reference: () => ({ slope: MU1[1] / MU1[0] }),
  notes: [
    'Signed cosines of each neuron\'s step with θ1 and θ2; slope: least squares through 0; lineShare: the fraction of the points\' second moment along the predicted line (1 = all on it, 0.5 = isotropic scatter). Pass: |slope − 0.25| < 0.12 (CLAIMS G2) and lineShare ≥ 0.9.',
    'μ1 = E[g(z) z] of σ1* = 4z + z² and σ2* = z by Gauss–Hermite quadrature (4 and 1). Negative control: n = d/16 (4 samples at d = 64), where the step is sample noise.',
    'The control\'s chance floor: with n ≪ d every step lies near the span of the n samples, and at n = 1 the points sit on the line of x_1, whose slope (x_1·θ2)/(x_1·θ1) is a Cauchy variable: it falls within 0.12 of 0.25 with probability (atan 0.37 − atan 0.13)/π = 0.072. Measured (this harness, 100 trials): d = 64, n = d/16: 0.06 / 0.05 / 0.10 (seeds 1 / 7 / 3); n = 2: 0.05; n = 1: 0.05; d = 32, n = 2: 0.07. Calibration of the control\'s target (200 trials each, n = d/16, seeds 1 / 7): d = 32 (n = 2): 11/200, 11/200; d = 64 (n = 4): 18/200, 9/200; the holds rung at n = 16d passes 1.00. A 0.1 target sits on the chance rate (at 100 trials a rate of 0.072 exceeds 0.1 about one time in ten: inconclusive), so the control is held to pFail 0.2, clear of chance and far from the holds side; CLAIMS G2 itself gives no control.',
  ],
};
