// quadratic.full-algorithm, Gamarnik, Kızıldağ, Zadik 2019: the paper's algorithm end to end. Start from the multiple
// of the identity (below the barrier once m* ≳ d², Q3), run GD on L_N (which recovers A* from below the barrier, Q2).
import fc from 'fast-check';
import type { CheckContext, Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { empiricalRisk, featureDim, gram, meanSquare, populationRisk, symOpNorm } from '../../src/core/model/quadratic';
import { stream } from '../../src/core/rng';
import { countOf, integers, intParam, perDSquared, reals, SEED } from '../shared/params';
import {
  drawSample,
  drawTeacher,
  identityStart,
  isCheckResult,
  meanNorm4,
  PAPER,
  quadraticRequest,
  relativeError,
  SAMPLES_FOR_RATIO,
  samplesDomain,
  teacherWidth,
  TITLE,
  train,
} from './family';

export interface FullAlgorithmInstance {
  d: number;
  mStar: number;
  /** Student width m ≥ d: W0 = c·[I_d; 0] (its padding rows stay 0 under GD, which multiplies W on the right). */
  m: number;
  N: number;
  seed: number;
}

/** Recovery as in Q2 (CLAIMS Q2): L_N(W_T) < 1e−10·mean y² and ‖A_T − A*‖_F/‖A*‖_F < 1e−4. */
const RECOVERY_LOSS = 1e-10;
const RECOVERY_ERROR = 1e-4;
/** Q2's step budget: the identity start at m* / d² = 8 needed at most 6600 steps in the calibration (d ≤ 8). */
const STEPS = 60_000;
/** GD runs two decades of loss past the target, so the error is judged on a converged iterate (as Q2). */
const PAST_TARGET = 1e-2;
/** m* / d² from which the identity start is below the barrier in every trial (CLAIMS Q3: 1.00 at 8). */
const WIDE = 8;
/** The largest d calibrated here (Q2's range): beyond it the step budget, not the theorem, would decide. */
const CALIBRATED_D = 8;

function samplesOf(params: Params): number {
  return countOf(params, 'N', 'NOverNstar', featureDim(intParam(params, 'd', 2)));
}

function fullExpect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const N = samplesOf(params);
  const Ns = featureDim(d);
  if (N < Ns) return { outcome: 'fails', why: 'N < N*: GD from the identity fits the sample, but N < N* samples do not determine A* (Q4): measured 0/119 fitted trials at N = N*/2, d = 4 and 8' };
  if (teacherWidth(params) < WIDE * d * d) {
    return { outcome: 'observe', why: 'narrow teacher: the identity start is above the barrier, but the barrier is a sufficient condition only: GD from it still recovers A* (d = 4, m* = d²/2: 48/48), or is still converging when the budget ends (notes)' };
  }
  if (d > CALIBRATED_D) return { outcome: 'observe', why: `calibrated for d ≤ ${CALIBRATED_D} (Q2's range); beyond it the ${STEPS}-step budget would decide` };
  if (N >= 2 * Ns) return { outcome: 'holds', why: 'm* ≥ 8d² puts the identity below the barrier (Q3) and N ≥ 2N* lets GD recover A* from there (Q2)' };
  return { outcome: 'observe', why: 'N* ≤ N < 2N*: not calibrated' };
}

function fullRung(d: number, wide: number, ratio: number, runs?: number): Rung {
  const params = { d, mStarOverD2: wide, NOverNstar: ratio };
  return { name: `d=${d}, m*/d²=${wide}, N/N*=${ratio}`, params, expected: fullExpect(params), ...(runs ? { runs } : {}) };
}

export const fullAlgorithm: Claim<FullAlgorithmInstance> = {
  id: 'quadratic.full-algorithm',
  paper: PAPER,
  statement: 'The paper\'s algorithm end to end: for a wide teacher (m* ≳ d²) and N ≥ 2N* samples, GD on L_N from W0 = c·[I_d; 0], c² = tr(A*)/d, recovers A* = W*ᵀW*; with N < N* it fits the sample and misses A*.',
  source: `${TITLE}: GD initialised at a multiple of the identity (below the energy barrier for an overparametrised teacher, semicircle law) recovers the planted weights in polynomial time`,
  runs: 20,
  defaults: { d: 4, mStarOverD2: WIDE, NOverNstar: 2 },
  counts: { ...SAMPLES_FOR_RATIO, mStar: perDSquared('mStarOverD2') },
  domain: {
    d: integers(2, 12, `d ≤ 12: up to ${STEPS} GD steps on N ∝ d² samples; the steps GD needs grow like d² (about 6000 at d = 8)`),
    mStarOverD2: reals(0.01, 32, 'm*/d² ≤ 32: the teacher has m* = (m*/d²)·d² rows; past 8 the identity is always below the barrier (CLAIMS Q3)'),
    mStar: integers(2, 32 * 12 ** 2),
    ...samplesDomain(12),
  },
  ladders: {
    small: [fullRung(3, WIDE, 2), fullRung(3, WIDE, 0.5)],
    default: [...[4, 8].flatMap((d) => [fullRung(d, WIDE, 2), fullRung(d, WIDE, 0.5)]), fullRung(4, 0.5, 2, 8)],
    large: [
      ...[4, 8].flatMap((d) => [0.5, 1, 2, 4].map((r) => fullRung(d, WIDE, r, 40))),
      ...[4, 8].flatMap((d) => [0.5, 2].map((w) => fullRung(d, w, 2, 20))),
      fullRung(12, WIDE, 2, 20),
    ],
  },
  expect: fullExpect,
  instance(params) {
    const d = intParam(params, 'd', 2);
    return fc.record({ d: fc.constant(d), mStar: fc.constant(teacherWidth(params)), m: fc.integer({ min: d, max: 2 * d }), N: fc.constant(samplesOf(params)), seed: SEED });
  },
  async check(inst, ctx: CheckContext) {
    const { d, mStar, m, N } = inst;
    const s = stream(inst.seed);
    const teacher = drawTeacher(s.child('teacher'), mStar, d);
    const sample = drawSample(s.child('inputs'), teacher, N);
    const W0 = identityStart(teacher, m);
    const A0 = gram(W0, m, d);
    const initRatio = populationRisk(A0, teacher.A, d) / teacher.B;
    const initEmpiricalRatio = empiricalRisk(W0, m, d, sample.X, sample.y, N) / teacher.B;
    const scale = meanSquare(sample.y);
    // Q2's step from a smoothness estimate: η = 1/(8 · mean ‖x‖⁴ · ‖A0‖_op) on L_N, lr = 2η for the trainer's ½-mean loss.
    const eta = 1 / (8 * meanNorm4(sample.X, N, d) * symOpNorm(A0, d));
    const stopAt = 0.5 * RECOVERY_LOSS * PAST_TARGET * scale;
    const request = quadraticRequest(W0, m, d, sample, { kind: 'gd', lr: 2 * eta, steps: STEPS, stopAtLoss: stopAt, traceEvery: STEPS }, inst.seed);
    const trained = await train(ctx.trainer, request);
    if (isCheckResult(trained)) return trained;
    const relLoss = empiricalRisk(trained.W, m, d, sample.X, sample.y, N) / scale;
    const relErrA = relativeError(gram(trained.W, m, d), teacher.A);
    const observables = { relLoss, relErrA, startErrA: relativeError(A0, teacher.A), initRatio, initEmpiricalRatio, steps: trained.steps };
    // The control asks whether a fitted network recovers A*: a trainer that did not fit the sample says nothing.
    if (N < featureDim(d) && !(relLoss < RECOVERY_LOSS)) {
      return { pass: false, status: 'not-scored', reason: `not fitted: the trainer left L_N/mean y² = ${relLoss.toExponential(2)} ≥ ${RECOVERY_LOSS} after ${trained.steps} steps (the control needs a fitted network)`, observables };
    }
    // Recovery (CLAIMS Q2's criterion): L_N(W_T) < 1e−10 · mean y² and ‖A_T − A*‖_F / ‖A*‖_F < 1e−4.
    return { pass: relLoss < RECOVERY_LOSS && relErrA < RECOVERY_ERROR, observables };
  },
  plot: { x: 'NOverNstar', series: 'd', threshold: { value: 1, label: 'N = N* = d(d+1)/2' } },
  notes: [
    'The algorithm: W0 = c·[I_d; 0] with c² = tr(A*)/d (Q3\'s start; the student has m ∈ [d, 2d] rows, the padding rows stay 0 because GD multiplies W on the right), then GD on L_N with Q2\'s step η = 1/(8 · mean ‖x‖⁴ · ‖A0‖_op) (lr = 2η for the trainer\'s ½-mean loss), up to 60000 steps, judged by Q2\'s recovery criterion. initRatio = L(W0)/B and initEmpiricalRatio = L_N(W0)/B show on which side of the barrier the start was.',
    'Calibration (theorycheck run --scale default --no-sequential, reference trainer; passes/scored, not scored in brackets; seed 1 at 20 trials, seed 7 at 40): m*/d² = 8, N = 2N* (holds): d = 4: 20/20, 40/40; d = 8: 20/20, 40/40 (median 1600 and 5400 steps; every start below the barrier, median L(W0)/B 0.22 and 0.21). N = N*/2 (control): d = 4: 0/20, 0/39 [1 not fitted in 60000 steps]; d = 8: 0/20, 0/40 (every fitted network misses A*: median ‖A_T − A*‖/‖A*‖ 0.13 at d = 4, 0.09 at d = 8, 10th percentile 0.07). Narrow teacher m*/d² = 0.5, N = 2N* (observed): d = 4: 8/8, 40/40 recover, from a start with median L(W0)/B = 37 (10th–90th percentile 6–190). Numpy cross-check (seeds 1000+): d = 4: 6/6 and d = 8: 4/4 recover at m*/d² = 8; 0/6 at N = N*/2.',
    'Why the narrow teacher is observed, not the negative control: the energy barrier is a sufficient condition for GD to succeed, not a necessary one. From the identity start of a narrow teacher (m* ≤ d², far above the barrier: L(W0)/B from 4 to 550 at d = 4, m* = 8) GD still recovers A* (d = 4, m* = d²/2: 48/48 in this harness, 6/6 in numpy), because a student of full rank d meets no spurious minimum of L_N there; at d = 8, m* = d it is 2/6 within 60000 steps, every miss still converging (L_N/mean y² 3e−10 to 2e−8 and falling, A* ill-conditioned): a gate there would gate the step budget, not the theorem. The gated negative control is the other side of the sample condition, N = N*/2: the same start and GD, which fits the sample and misses A* because N < N* samples do not determine it (Q4).',
  ],
};
