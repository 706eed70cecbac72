// quadratic.gd-recovers-below-barrier (CLAIMS Q2), Gamarnik, Kızıldağ, Zadik 2019: gradient descent from below the
// barrier recovers the teacher.
import fc from 'fast-check';
import { gaussianMatrix } from '../../src/core/data/gaussian';
import type { CheckContext, Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { bestRankApprox, empiricalRisk, featureDim, gram } from '../../src/core/model/quadratic';
import { stream, type Stream } from '../../src/core/rng';
import { choice, countOf, FLAG, integers, intParam, SEED, uniform } from '../shared/params';
import {
  drawSample,
  drawTeacher,
  PAPER,
  Q2_CALIBRATED_D,
  Q2_ERROR,
  Q2_STEPS,
  q2Descent,
  relativeError,
  SAMPLES_FOR_RATIO,
  samplesDomain,
  TITLE,
  type Sample,
  type Teacher,
} from './family';

export interface DescentInstance {
  d: number;
  /** m = m* (student as wide as the teacher). */
  mStar: number;
  N: number;
  /** Initial ε as a fraction of σ_min(W*)² / (‖W*‖_op √(m d)), halved until L_N(W0) < B/2. */
  epsFrac: number;
  /** 1: W0 of rank d−1 (CLAIMS Q2's barrier-side control, observed: see the notes). */
  control: number;
  seed: number;
}


function q2Samples(params: Params): number {
  return countOf(params, 'N', 'NOverNstar', featureDim(intParam(params, 'd', 2)));
}

function q2Expect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const N = q2Samples(params);
  const Ns = featureDim(d);
  if (choice(params, 'control', [0, 1]) === 1) {
    return { outcome: 'observe', why: 'rank d − 1 is invariant only in exact arithmetic: rounding seeds the missing direction and GD grows it, so recovery depends on the step budget (seed 7, 20 trials: at d = 3, 5, 8, 2/20, 0/20, 0/20 recover in 20000 steps, 11/20, 1/20, 0/20 in 60000; 6/20 at d = 5 in 100000)' };
  }
  if (N < Ns) return { outcome: 'fails', why: 'N < N*: the samples do not determine A* (Q4), so the fitted network misses it' };
  if (d > Q2_CALIBRATED_D) {
    return { outcome: 'observe', why: `CLAIMS Q2 states d ≤ ${Q2_CALIBRATED_D}; at d = 12 GD is still converging when a 20000-step budget ends (measured here: 4/8, median ‖A_T − A*‖/‖A*‖ 6e−5)` };
  }
  if (N >= 2 * Ns) return { outcome: 'holds', why: `N ≥ 2N*: GD from below the barrier recovers A* (measured within ${Q2_STEPS} steps: see the calibration note)` };
  return { outcome: 'observe', why: 'CLAIMS Q2 is calibrated at N = 2N* (holds) and below N* (fails)' };
}

function q2Rung(d: number, ratio: number, control: number, runs: number): Rung {
  const params = { d, NOverNstar: ratio, control };
  const name = control ? `d=${d}, rank d−1 start` : ratio === 2 ? `d=${d}` : `d=${d}, N/N*=${ratio}`;
  return { name, params, expected: q2Expect(params), runs };
}

/** W0 = W* + εG with ε halved until L_N(W0) < B/2 (CLAIMS Q2); the control keeps its best rank-(d−1) part. */
function descentStart(inst: DescentInstance, teacher: Teacher, sample: Sample, s: Stream): { W0: Float64Array; halvings: number } {
  const { d, mStar: m, N } = inst;
  const G = gaussianMatrix(s, m, d);
  const start = (eps: number) => teacher.W.map((w, k) => w + eps * G[k]);
  let eps = (inst.epsFrac * teacher.lambdaMin) / (Math.sqrt(teacher.lambdaMax) * Math.sqrt(m * d));
  let W0: Float64Array = start(eps);
  let halvings = 0;
  // Halve ε until L_N(W0) < B/2, safely inside the theorem's L_N(W0) < B.
  while (empiricalRisk(W0, m, d, sample.X, sample.y, N) >= teacher.B / 2 && halvings < 60) {
    eps /= 2;
    halvings++;
    W0 = start(eps);
  }
  // The CLAIMS control: the same m x d start truncated to rank d − 1, so its population risk is ≥ B (Q1).
  if (inst.control) W0 = bestRankApprox(W0, m, d, d - 1);
  return { W0, halvings };
}

export const gdRecoversBelowBarrier: Claim<DescentInstance> = {
  id: 'quadratic.gd-recovers-below-barrier',
  paper: PAPER,
  statement: 'With N ≥ 2N* samples, GD on L_N from a full-rank W0 with L_N(W0) < B(W*) recovers A* = W*ᵀW*; with N < N* it fits the sample and misses A*.',
  source: `${TITLE}: GD initialised below the energy barrier (full-rank stationary points are near-optimal)`,
  runs: 20,
  defaults: { d: 3, NOverNstar: 2, control: 0 },
  counts: SAMPLES_FOR_RATIO,
  domain: {
    d: integers(2, 24, `d ≤ 24: up to ${Q2_STEPS} GD steps on N ∝ d² samples, 11 s a trial at d = 24, N = 2N* (CLAIMS Q2 calibrates d ≤ 8)`),
    ...samplesDomain(24),
    control: FLAG,
  },
  ladders: {
    // The control at 30 trials: at 8, one chance pass (about 1 in 50 at d = 3) left it inconclusive at seed 2, and
    // at 20 two passes did; at 30 three passes still agree (3/30 ≤ 0.1), and four or more come about 1% of the time.
    small: [q2Rung(5, 2, 0, 20), q2Rung(3, 0.5, 0, 30)],
    // 24 trials: about 5% of starts are within 1e−4 of A* and not scored, and a gated rung decides on ≥ 20 scored.
    default: [q2Rung(3, 2, 0, 24), q2Rung(5, 2, 0, 24), q2Rung(8, 2, 0, 24), q2Rung(3, 0.5, 0, 24), q2Rung(5, 0.5, 0, 24), q2Rung(3, 2, 1, 8)],
    large: [
      ...[3, 5, 8].map((d) => q2Rung(d, 2, 0, 60)),
      q2Rung(12, 2, 0, 20),
      ...[3, 5, 8].flatMap((d) => [q2Rung(d, 0.5, 0, 40), q2Rung(d, 1, 0, 20)]),
      ...[3, 5, 8].map((d) => q2Rung(d, 2, 1, 20)),
    ],
  },
  expect: q2Expect,
  instance(params) {
    const d = intParam(params, 'd', 2);
    return fc.record({
      d: fc.constant(d),
      mStar: fc.integer({ min: d, max: 2 * d }),
      N: fc.constant(q2Samples(params)),
      epsFrac: uniform(0.1, 1),
      control: fc.constant(choice(params, 'control', [0, 1])),
      seed: SEED,
    });
  },
  async check(inst, ctx: CheckContext) {
    const { d, mStar: m, N } = inst;
    const s = stream(inst.seed);
    const teacher = drawTeacher(s.child('teacher'), m, d);
    const sample = drawSample(s.child('inputs'), teacher, N);
    const { W0, halvings } = descentStart(inst, teacher, sample, s.child('init'));
    const initRatio = empiricalRisk(W0, m, d, sample.X, sample.y, N) / teacher.B;
    const startErrA = relativeError(gram(W0, m, d), teacher.A);
    // A trial tests recovery only if its start does not already meet the error target: below the barrier
    // (L_N(W0) < B/2 = λ_min²) a nearly singular teacher pins ‖A0 − A*‖/‖A*‖ ≲ √2 λ_min/‖A*‖_F, which can be
    // under 1e−4, and from such a start a network that never moved could pass (its L_N is then < 1e−10 too).
    if (!(startErrA >= Q2_ERROR)) {
      return { pass: false, status: 'not-scored', reason: `start already near A* (‖A0 − A*‖/‖A*‖ = ${startErrA.toExponential(2)} < ${Q2_ERROR}): a network that never moved would pass`, observables: { startErrA, initRatio } };
    }
    return q2Descent(ctx.trainer, W0, m, teacher, sample, inst.seed, { startErrA, initRatio, halvings });
  },
  plot: { x: 'NOverNstar', series: 'd', threshold: { value: 1, label: 'N = N* = d(d+1)/2' } },
  notes: [
    'Convention: the trainer minimises ½·mean (y − f)² = L_N/2, so its learning rate is 2η for the paper\'s step η = 1/(8 · mean ‖x‖⁴ · ‖A0‖_op), and its stopAtLoss is half the L_N target.',
    'Premises (not scored when they fail): the start must not already meet the error target (‖A0 − A*‖/‖A*‖ ≥ 1e−4; below the barrier a nearly singular teacher can pin W0 closer than that to A*, and from there a network that never moved would pass), and on the control the trainer must have fitted the sample (L_N/mean y² < 1e−10).',
    'Calibration (theorycheck run --at, reference trainer, --no-sequential; passes/scored, trials not scored by a premise in brackets; seed 7, then seed 1; 60 trials at d = 3, 5, 40 at d = 8). Holds side, N = 2N*, in 60000 steps: d = 3: 60/60 [0], 56/56 [4]; d = 5: 58/58 [2], 59/59 [1]; d = 8: 38/38 [2], 40/40 [0]. Sample side, N = N*/2: d = 3: 1/56 [4], 1/60 [0]; d = 5: 0/57 [3], 0/60 [0]; d = 8: 0/40 [0], 0/40 [0]. Hence pHold 0.9 and pFail 0.1, the defaults. The rare control pass is a start only a few 1e−4 from A* that GD brings under 1e−4 (2 of 189 fitted trials at d = 3 in another sample, starts at 1.9e−4 and 6.7e−4); a stricter premise, ‖A0 − A*‖/‖A*‖ ≥ 1e−3, removed them (0/52 [8], 0/56 [4] at d = 3) but left 5–15% of all trials unscored.',
    'Step budget: CLAIMS Q2 ran 20000 steps, where 3–8% of trials are still converging (same protocol with a 1e−3 start premise: d = 3: 55/57, 50/51; d = 5: 53/56, 52/54; d = 8: 33/36; every miss had L_N/mean y² between 1e−10 and 1e−8 and falling). The theorem is about where GD converges, not how fast: 60000 steps let every trial above converge.',
    'Negative control (sample side, N = N*/2): the same GD from the same kind of start, on the other side of the theorem\'s sample condition. The trainer has to fit the sample (a premise: unfitted trials are not scored), and the check then fails because N < N* samples do not determine A* (Q4): GD removes the part of A0 − A* the samples see and keeps the rest (‖A_T − A*‖/‖A0 − A*‖ mostly between 0.2 and 1, the smallest seen 0.12, at d = 3, 5, 8). It is a run of the trainer and of the claim\'s own check, not a student that cannot represent A*: m = m*, full rank, below the barrier, as on the holds side.',
    'CLAIMS Q2\'s barrier-side control (W0 of rank d − 1 with m = m* rows) is observed, not gated: rank d − 1 is invariant only in exact arithmetic; rounding seeds the missing direction and GD, which is unstable there, grows it, so recovery depends on the step budget (theorycheck run --at ...,control=1 --runs 20 --no-sequential, seed 7; trials that recover A*: 20000 steps: d = 3: 2/20, d = 5: 0/20, d = 8: 0/20; 60000 steps: 11/20, 1/20, 0/20; 100000 steps: d = 5: 6/20). A gate there would be a gate on the budget, not on the theorem. (A student of m = d − 1 rows cannot represent A* at all: not a control either.)',
  ],
};
