// giant-step.single-direction (CLAIMS G1): one giant step on n = O(d) samples aligns every neuron with one direction.
// Dandi, Krzakala, Loureiro, Pesce, Stephan 2023, how two-layer networks learn, one (giant) step at a time.
import { orthonormalDirections } from '../../src/core/data/targets';
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { stream } from '../../src/core/rng';
import { choice, integers, intParam, positiveParam } from '../shared/params';
import {
  cosSummary,
  giantSteps,
  instanceOf,
  isCheckResult,
  isSteps,
  LINEAR_PLUS_SQUARE,
  MU1,
  PAPER,
  samplesOf,
  STEP_DOMAIN,
  stepsOf,
  TITLE,
  twoDirectionTarget,
  type GiantStepInstance,
} from './family';

// ------------------------------------------------------------------------------------------------
// G1 one step with n = O(d) aligns every neuron with one direction.

/** v* ∝ μ1(σ1*) θ1 + μ1(σ2*) θ2, unit (1 x d). */
function spike(Theta: Float64Array, d: number, mu: readonly number[]): Float64Array {
  const v = new Float64Array(d);
  const norm = Math.hypot(mu[0], mu[1]);
  for (let q = 0; q < d; q++) v[q] = (mu[0] * Theta[q] + mu[1] * Theta[d + q]) / norm;
  return v;
}

/** Derived finite-n prediction of CLAIMS G1 for σ1* = 4z + z², σ2* = z: mean cos ≈ 1.03/√(1.1 + 2.5 d/n). */
export function g1Formula(alpha: number): number {
  return 1.03 / Math.sqrt(1.1 + 2.5 / alpha);
}

/** |mean cos − formula| < 0.08 (CLAIMS G1). */
const G1_TOLERANCE = 0.08;
/**
 * Fewest samples at which the formula check is gated. The trial-to-trial sd of the mean cosine is ≈ 0.30/√n
 * whatever d (numpy: 0.072, 0.053, 0.036, 0.023 at n = d = 16, 32, 64, 128; 0.055, 0.040 at n = 2d, d = 16, 32),
 * while its mean sits on the formula (0.547 against 0.543 at n = d = 32). So the share of trials within 0.08 is
 * set by n alone: 0.70 at n = 16, 0.87–0.92 at n = 32, 0.96–0.97 at n = 64, 1.00 from n = 128 (table in the
 * notes). Below 64 samples a gated rung would be decided by the seed, not by the trainer.
 */
const G1_MIN_SAMPLES = 64;
/** The control's predicate: neurons aligned, mean cos > 0.5 (CLAIMS G1). */
const G1_ALIGNED = 0.5;
export const G1_CHECK = { formula: 0, aligned: 1 } as const;

function g1Expect(params: Params): Expectation {
  const check = choice(params, 'check', [0, 1]);
  const alpha = positiveParam(params, 'alpha');
  if (check === G1_CHECK.formula) {
    const n = samplesOf(params, intParam(params, 'd', 2));
    if (alpha < 1) return { outcome: 'observe', why: 'the formula is derived for n ≥ d' };
    if (n < G1_MIN_SAMPLES) {
      return { outcome: 'observe', why: `n = ${n} < 64: the mean cosine's trial-to-trial sd (≈ 0.30/√n) is within a factor 1.6 of the 0.08 tolerance, so 0.70–0.92 of trials pass even though the mean matches the formula (notes)` };
    }
    return { outcome: 'holds', why: 'n = O(d), n ≥ 64: the mean cosine matches the finite-n formula within 0.08 in 0.96–1.00 of trials (notes)' };
  }
  const predicted = g1Formula(alpha);
  // The aligned predicate is decided by the formula with the formula check's tolerance on either side.
  if (predicted >= G1_ALIGNED + G1_TOLERANCE) return { outcome: 'holds', why: `predicted mean cos ${predicted.toFixed(2)} > 0.5` };
  if (predicted <= G1_ALIGNED - G1_TOLERANCE) return { outcome: 'fails', why: `predicted mean cos ${predicted.toFixed(2)} < 0.5 (n ≪ d)` };
  return { outcome: 'observe', why: `predicted mean cos ${predicted.toFixed(2)} is within 0.08 of 0.5` };
}

function g1Rung(d: number, alpha: number, check: number, runs?: number): Rung {
  const params = { d, alpha, check };
  const label = check === G1_CHECK.formula ? '|cos − formula| < 0.08' : 'cos > 0.5';
  return { name: `d=${d}, n/d=${alpha}, ${label}`, params, expected: g1Expect(params), ...(runs ? { runs } : {}) };
}

/** Gated rungs with n = 64, where 0.96–0.97 of trials pass, get 60 trials, so that a 0.9 target is settled (with 40, a true 0.96 ends below 0.9 in ~4% of runs). */
function g1Runs(d: number, alpha: number, runs: number): number {
  return Math.round(alpha * d) === G1_MIN_SAMPLES ? Math.max(runs, 60) : runs;
}

export const singleDirection: Claim<GiantStepInstance> = {
  id: 'giant-step.single-direction',
  paper: PAPER,
  statement: 'One giant step on n = O(d) samples aligns every neuron\'s update with v* ∝ μ1(σ1*)θ1 + μ1(σ2*)θ2: mean cos ≈ 1.03/√(1.1 + 2.5 d/n).',
  source: `${TITLE}: one step with n = O(d) (CLAIMS G1, derived finite-n formula)`,
  runs: 20,
  defaults: { d: 32, alpha: 4, check: G1_CHECK.formula },
  domain: { ...STEP_DOMAIN, check: integers(0, 1, '0: |mean cos − formula| < 0.08, 1: mean cos > 0.5') },
  ladders: {
    small: [g1Rung(32, 4, 0, 8), g1Rung(32, 0.125, 1, 8)],
    default: [
      ...[32, 64].flatMap((d) => [1, 2, 4, 16].map((alpha) => g1Rung(d, alpha, G1_CHECK.formula, g1Runs(d, alpha, 20)))),
      ...[32, 64].flatMap((d) => [g1Rung(d, 0.125, G1_CHECK.aligned), g1Rung(d, 16, G1_CHECK.aligned)]),
    ],
    large: [
      ...[32, 64, 128].flatMap((d) => [1, 2, 4, 16].map((alpha) => g1Rung(d, alpha, G1_CHECK.formula, 40))),
      ...[32, 64, 128].flatMap((d) => [g1Rung(d, 0.125, G1_CHECK.aligned, 40), g1Rung(d, 16, G1_CHECK.aligned, 40)]),
    ],
  },
  expect: g1Expect,
  instance(params) {
    choice(params, 'check', [0, 1]);
    return instanceOf(params, 1);
  },
  async check(inst, ctx) {
    const { d } = inst;
    const s = stream(inst.seed);
    const Theta = orthonormalDirections(s.child('theta'), 2, d);
    const traj = await giantSteps(ctx.trainer, inst, s, Theta, 2, twoDirectionTarget(...LINEAR_PLUS_SQUARE));
    if (isCheckResult(traj)) return traj;
    const steps = stepsOf(traj, d, g1Expect(ctx.params));
    if (!isSteps(steps)) return steps;
    const vStar = spike(Theta, d, MU1);
    const cosG = cosSummary(steps[0].G, d, vStar, steps[0].moved);
    const cosW = cosSummary(traj.W[1], d, vStar);
    const alpha = inst.n / d;
    const check = choice(ctx.params, 'check', [0, 1]);
    // CLAIMS G1: |mean_j cos(G_j, v*) − 1.03/√(1.1 + 2.5 d/n)| < 0.08; control: mean cos > 0.5.
    const pass = check === G1_CHECK.formula ? Math.abs(cosG.mean - g1Formula(alpha)) < G1_TOLERANCE : cosG.mean > G1_ALIGNED;
    return {
      pass,
      observables: {
        meanCos: cosG.mean, minCos: cosG.min, maxCos: cosG.max, meanCosW1: cosW.mean, moved: steps[0].count,
        lossBefore: traj.lossBefore[0], lossAfter: traj.lossAfter[0],
      },
    };
  },
  plot: { x: 'alpha', series: 'd', logX: true, threshold: { value: 1, label: 'n = d', derived: true } },
  // The control's predicate, mean cos > ½, against α = n/d: the count n's exponent is 1 plus the α threshold's.
  transition: { x: 'alpha', where: { check: G1_CHECK.aligned }, scale: 1, exponent: 1, label: 'mean cos > ½ from n = O(d)' },
  reference(params) {
    return { meanCos: g1Formula(positiveParam(params, 'alpha')) };
  },
  notes: [
    'Located transition (run --scale large --seed 1): every d gives only the bracket [1/8, 16] of n/d between the rungs that separate, so the exponent interval holds 0 and the report calls it too wide to test the paper\'s n ~ d.',
    'meanCos: mean over the neurons that moved of cos(G_j, v*), G_j the step of neuron j read off the trained weights ((W0 − W1)/η, η = 2p); a neuron dead on every sample has no step and no cosine (moved: how many did move; at n = d/8 a few of the 64 do not). A trial whose step moved no neuron (a trainer that returns its input) fails the formula rungs and is not scored on the control, where it would pass for want of a step. meanCosW1: the same for the updated neurons w_j^1; min/maxCos: the spread over neurons.',
    'Reference: the derived formula 1.03/√(1.1 + 2.5 d/n) of CLAIMS G1 (0.54, 0.67, 0.78, 0.92 at n/d = 1, 2, 4, 16). CLAIMS quotes numpy means 0.50 / 0.52 at n = d (d = 32 / 64); with convention G as encoded here, numpy and this harness both sit on the formula (0.547 ± 0.053 at d = 32, 0.546 ± 0.036 at d = 64, n = d).',
    'Calibration of the formula check |mean cos − formula| < 0.08 (pass rates; numpy: seed 1 with 200 trials, seed 5 with 300 at d = 16 and 32, 100 at d = 256; harness: --seed 1 / --seed 7, 100 trials each). ' +
      'd = 16: n = d 0.70, 2d 0.85, 4d 0.97, 16d 1.00 (numpy). ' +
      'd = 32: n = d 0.88 / 0.87 (numpy), 0.91 / 0.92 (harness); 1.5d 0.91 (numpy); 2d 0.96 / 0.97 (numpy), 0.98 / 0.93 (harness); 4d, 16d 1.00. ' +
      'd = 64: n = d 0.97 (numpy), 0.97 / 0.97 (harness); 2d 1.00 (numpy), 1.00 / 1.00 (harness); 4d, 16d 1.00. d = 128 and 256: 1.00 from n = d. ' +
      'The sd of the mean cosine is ≈ 0.30/√n at every d, so the rate depends on n only. Gated: n ≥ 64 (the n = 64 rungs with 60 trials). Observed: d = 32, n = d (CLAIMS puts it among the holds rungs; its true rate is ≈ 0.9, the target itself, so a verdict there would be decided by the seed); n = 2d at d = 32 is gated in its place.',
    'Negative control (check = cos > 0.5, CLAIMS G1): at n = d/8 the formula predicts 0.22; measured mean cos 0.22 ± 0.07 (d = 32, numpy), 0.22 ± 0.05 (d = 64); pass rate 0.00 (numpy 200 trials at d = 32, 64, 128; harness 0/100 at d = 32 and 64, seeds 1 and 7). The same predicate holds at n = 16d (1.00). At n = d it passes 0.76–0.90 (d = 32) and 0.87–0.94 (d = 64): observed.',
  ],
};
