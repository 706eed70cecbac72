// What the quadratic claims share: the paper, its teacher and sample, the GD request, the students of Q1 and
// Q1b, and the instances of Q4 and Q4b. Each claim is in its own file beside this one.
//
// Gamarnik, Kızıldağ, Zadik: stationary points of shallow networks with quadratic activation.
// Student f_W(x) = ‖Wx‖², teacher W* (m* x d, i.i.d. N(0, 1), m* ≥ d), labels y = f_W*(x), x ~ N(0, I_d).
// A = WᵀW, A* = W*ᵀW*, Δ = A − A*; the paper's risks are L_N = mean (y − f)² and L = 2‖Δ‖_F² + (tr Δ)²,
// and the barrier is B(W*) = 2 λ_min(A*)². See CLAIMS.md, section Q, for the calibration cited in the claim files.
//
// Every instance is a few small structural choices drawn by fast-check (so they shrink) plus an integer
// seed; the check builds the Gaussian teacher, inputs and initial weights from stream(seed), so a trial
// is a pure function of its instance.
import fc from 'fast-check';
import { gaussianInputs, gaussianMatrix, randomOrthogonal } from '../../src/core/data/gaussian';
import type { CheckResult, CountParam, Domain, Expectation, ParamRange, Params } from '../../src/contract/claim';
import { barrier, bestMultiple, bestRankApprox, eigenvalues, empiricalRisk, featureDim, gram, meanSquare, quadraticOutputs, symOpNorm } from '../../src/core/model/quadratic';
import type { Stream } from '../../src/core/rng';
import { InputError } from '../../src/contract/errors';
import { countOf, integers, intParam, reals, SEED, uniform } from '../shared/params';
import type { TrainRequest, TrainResult, Trainer } from '../../src/contract/trainer';

export const PAPER = 'Gamarnik, Kızıldağ, Zadik 2019';
export const TITLE = 'Stationary points of shallow neural networks with quadratic activation function';
export const EXACT_HOLDS: Expectation = { outcome: 'holds', pHold: 1 };
export const EXACT_FAILS: Expectation = { outcome: 'fails', pFail: 0 };

// ------------------------------------------------------------------------------------------------
// Shared pieces: teacher, sample, training.

export interface Teacher {
  mStar: number;
  d: number;
  W: Float64Array;
  A: Float64Array;
  lambdaMin: number;
  lambdaMax: number;
  /** B(W*) = 2 λ_min(A*)². */
  B: number;
}

export function drawTeacher(s: Stream, mStar: number, d: number): Teacher {
  const W = gaussianMatrix(s, mStar, d);
  const A = gram(W, mStar, d);
  const lambda = eigenvalues(A, d);
  return { mStar, d, W, A, lambdaMin: lambda[0], lambdaMax: lambda[d - 1], B: barrier(A, d) };
}

export interface Sample {
  N: number;
  X: Float64Array;
  y: Float64Array;
}

export function drawSample(s: Stream, teacher: Teacher, N: number): Sample {
  const X = gaussianInputs(s, N, teacher.d);
  return { N, X, y: quadraticOutputs(teacher.W, teacher.mStar, teacher.d, X, N) };
}

/** mean ‖x_i‖⁴: the data factor of the smoothness of L_N (its Hessian is of order mean ‖x‖⁴ · ‖A‖_op). */
export function meanNorm4(X: Float64Array, N: number, d: number): number {
  let s = 0;
  for (let i = 0; i < N; i++) {
    let r = 0;
    for (let j = 0; j < d; j++) r += X[i * d + j] ** 2;
    s += r * r;
  }
  return s / N;
}

/**
 * The request for GD on the paper's L_N. The trainer's square loss is ½·mean (y − f)² = L_N / 2, so its
 * gradient is ∇L_N / 2: lr = 2η takes the paper's step η, and stopping at trainer loss τ/2 is L_N = τ.
 */
export function quadraticRequest(W0: Float64Array, m: number, d: number, sample: Sample, algorithm: TrainRequest['algorithm'], seed: number): TrainRequest {
  return {
    network: { activation: 'quadratic', d, m, outputScaling: 'none', trainFirst: true, trainSecond: false, W: W0, a: new Float64Array(m).fill(1) },
    data: { n: sample.N, X: sample.X, y: sample.y },
    loss: { kind: 'square', reduction: 'mean' },
    algorithm,
    seed,
  };
}

/** Trains with the plugged-in trainer; a request it does not support, or a diverged run, ends the trial. */
export async function train(trainer: Trainer, request: TrainRequest): Promise<TrainResult | CheckResult> {
  if (!trainer.supports(request)) return { pass: false, status: 'skipped', reason: `trainer ${trainer.name} does not support quadratic GD` };
  const result = await trainer.train(request);
  if (result.diverged) {
    return { pass: false, status: 'diverged', reason: `diverged at step ${result.diverged.step} (loss ${result.diverged.loss})` };
  }
  return result;
}

export function isCheckResult(value: TrainResult | CheckResult): value is CheckResult {
  return 'pass' in value;
}

/** ‖A − A*‖_F / ‖A*‖_F: how far a student's Gram matrix is from the teacher's (Q2 and the full algorithm). */
export function relativeError(A: Float64Array, Astar: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < A.length; k++) {
    num += (A[k] - Astar[k]) ** 2;
    den += Astar[k] ** 2;
  }
  return Math.sqrt(num / den);
}

/** The teacher width m* of a rung, given as m* or as m* / d²: a full-rank teacher (m* ≥ d), else B = 0 (Q3, full algorithm). */
/** CLAIMS Q2's recovery targets (relative training loss, relative error of A) and its GD step budget. */
const Q2_LOSS = 1e-10;
export const Q2_ERROR = 1e-4;
export const Q2_STEPS = 60_000;
/** GD runs two decades of loss past the target, so the error is judged on a converged iterate. */
const Q2_PAST_TARGET = 1e-2;
/** The largest d of CLAIMS Q2's instances (d ∈ [2, 8]): beyond it the step budget, not the theorem, decides. */
export const Q2_CALIBRATED_D = 8;

/**
 * GD on L_N from W0 with Q2's step η = 1/(8 · mean ‖x‖⁴ · ‖A0‖_op) (lr 2η for the trainer's ½-mean loss; its
 * stopAtLoss half the L_N target), judged by Q2's recovery criterion: L_N(W_T) < 1e−10 · mean y² and
 * ‖A_T − A*‖_F / ‖A*‖_F < 1e−4. Below N* the check asks whether a fitted network recovers A*: a trainer that did
 * not fit the sample says nothing (not scored). `observed` joins the measured observables.
 */
export async function q2Descent(
  trainer: Trainer, W0: Float64Array, m: number, teacher: Teacher, sample: Sample, seed: number, observed: Record<string, number>,
): Promise<CheckResult> {
  const { d } = teacher;
  const { N } = sample;
  const scale = meanSquare(sample.y);
  const eta = 1 / (8 * meanNorm4(sample.X, N, d) * symOpNorm(gram(W0, m, d), d));
  const stopAt = 0.5 * Q2_LOSS * Q2_PAST_TARGET * scale;
  const request = quadraticRequest(W0, m, d, sample, { kind: 'gd', lr: 2 * eta, steps: Q2_STEPS, stopAtLoss: stopAt, traceEvery: Q2_STEPS }, seed);
  const trained = await train(trainer, request);
  if (isCheckResult(trained)) return trained;
  const relLoss = empiricalRisk(trained.W, m, d, sample.X, sample.y, N) / scale;
  const relErrA = relativeError(gram(trained.W, m, d), teacher.A);
  const observables = { ...observed, relLoss, relErrA, steps: trained.steps };
  if (N < featureDim(d) && !(relLoss < Q2_LOSS)) {
    return { pass: false, status: 'not-scored', reason: `not fitted: the trainer left L_N/mean y² = ${relLoss.toExponential(2)} ≥ ${Q2_LOSS} after ${trained.steps} steps (the control needs a fitted network)`, observables };
  }
  return { pass: relLoss < Q2_LOSS && relErrA < Q2_ERROR, observables };
}

export function teacherWidth(params: Params): number {
  const d = intParam(params, 'd', 2);
  const mStar = countOf(params, 'mStar', 'mStarOverD2', d * d);
  if (mStar < d) throw new InputError('params.mStar', mStar, `an integer ≥ d = ${d} (m*/d² ≥ 1/d)`);
  return mStar;
}

/**
 * The paper's initialisation W0 = c·[I_d; 0] (m x d, m ≥ d) with c² = tr(A*)/d: the multiple of the identity
 * closest to A* (it zeroes tr Δ). Q3 asks whether it is below the barrier, the full algorithm runs GD from it.
 */
export function identityStart(teacher: Teacher, m: number): Float64Array {
  const { d, A } = teacher;
  let trace = 0;
  for (let j = 0; j < d; j++) trace += A[j * d + j];
  const c = Math.sqrt(trace / d);
  const W0 = new Float64Array(m * d);
  for (let j = 0; j < d; j++) W0[j * d + j] = c;
  return W0;
}

// ------------------------------------------------------------------------------------------------
// Q1 energy barrier, and Q1b its empirical variant.

/** Students of Q1 / Q1b, picked by the rung parameter `family` (numbers only: Params are numeric). */
export const FAMILY = {
  /** W = c·U V, U m x r, V r x d Gaussian, r < d, c the best multiple along the ray. */
  randomFactors: 0,
  /** W = t · (best rank-(d−1) approximation of W*), t ∈ [0.5, 1.5]. */
  adversarial: 1,
  /** Full-rank W = Q W* + εG near the teacher: the negative control. */
  control: 2,
  /** Q1b only: the best fit to the sample among students blind to A*'s weakest direction. */
  blindFit: 3,
} as const;
export const FAMILY_NAMES = ['random factors', 'rank d−1 × t', 'full-rank control', 'sample fit blind to v_min'];

/** The family codes 0 .. count − 1 of a claim's domain, named. */
export function familyRange(count: number): ParamRange {
  return integers(0, count - 1, FAMILY_NAMES.slice(0, count).map((name, i) => `${i}: ${name}`).join(', '));
}

export interface BarrierInstance {
  d: number;
  family: number;
  mStar: number;
  /** Student width (random factors; m = m* otherwise). */
  m: number;
  /** Rank of the random factors. */
  r: number;
  /** Multiple of the rank-(d−1) approximation. */
  t: number;
  /** ε as a fraction of σ_min(W*)² / (‖W*‖_op √(m d)) (control). */
  epsFrac: number;
  /** Samples (Q1b only; 0 for the population claim). */
  N: number;
  seed: number;
}

export function barrierArbitrary(d: number, family: number, N: number): fc.Arbitrary<BarrierInstance> {
  const fixed = { d: fc.constant(d), family: fc.constant(family), N: fc.constant(N), seed: SEED };
  const mStar = fc.integer({ min: d, max: 3 * d });
  switch (family) {
    case FAMILY.randomFactors:
      return fc.record({ ...fixed, mStar, m: fc.integer({ min: 1, max: 2 * d }), r: fc.integer({ min: 0, max: d - 1 }), t: fc.constant(1), epsFrac: fc.constant(0) });
    case FAMILY.adversarial:
      return fc.record({ ...fixed, mStar, m: fc.constant(0), r: fc.constant(d - 1), t: uniform(0.5, 1.5), epsFrac: fc.constant(0) });
    case FAMILY.control:
      return fc.record({ ...fixed, mStar, m: fc.constant(0), r: fc.constant(d), t: fc.constant(1), epsFrac: uniform(0, 0.1) });
    default:
      return fc.record({ ...fixed, mStar, m: fc.constant(0), r: fc.constant(d - 1), t: fc.constant(1), epsFrac: fc.constant(0) });
  }
}

/** The student of families 0–2 (Q1b builds the blind fit itself). Returns W and its width. */
export function barrierStudent(inst: BarrierInstance, teacher: Teacher, s: Stream): { W: Float64Array; m: number } {
  const { d, mStar } = inst;
  if (inst.family === FAMILY.randomFactors) {
    const { m, r } = inst;
    const U = gaussianMatrix(s.child('U'), m, r);
    const V = gaussianMatrix(s.child('V'), r, d);
    const W = new Float64Array(m * d);
    for (let i = 0; i < m; i++) for (let l = 0; l < r; l++) for (let j = 0; j < d; j++) W[i * d + j] += U[i * r + l] * V[l * d + j];
    // Scaled to the point of its ray closest to the teacher, so the bound is tested where it is tightest.
    const c = Math.sqrt(bestMultiple(gram(W, m, d), teacher.A, d));
    for (let k = 0; k < W.length; k++) W[k] *= c;
    return { W, m };
  }
  if (inst.family === FAMILY.adversarial) {
    const W = bestRankApprox(teacher.W, mStar, d, d - 1);
    for (let k = 0; k < W.length; k++) W[k] *= inst.t;
    return { W, m: mStar };
  }
  // Control: W = Q W* + εG, ε = epsFrac · σ_min(W*)² / (‖W*‖_op √(m d)), small enough that L < B.
  const Q = randomOrthogonal(s.child('Q'), mStar);
  const G = gaussianMatrix(s.child('G'), mStar, d);
  const eps = (inst.epsFrac * teacher.lambdaMin) / (Math.sqrt(teacher.lambdaMax) * Math.sqrt(mStar * d));
  const W = new Float64Array(mStar * d);
  for (let i = 0; i < mStar; i++) {
    for (let l = 0; l < mStar; l++) {
      const q = Q[i * mStar + l];
      for (let j = 0; j < d; j++) W[i * d + j] += q * teacher.W[l * d + j];
    }
  }
  for (let k = 0; k < W.length; k++) W[k] += eps * G[k];
  return { W, m: mStar };
}

export const Q1_FAMILIES = [FAMILY.randomFactors, FAMILY.adversarial, FAMILY.control];

// ------------------------------------------------------------------------------------------------
// Q4 exact recovery iff N ≥ N* = d(d+1)/2, and Q4b its trained variant.

export interface RecoveryInstance {
  d: number;
  N: number;
  mStar: number;
  seed: number;
}

/** N given for N/N* (--at d=5,N=14), N* = d(d+1)/2. */
export const SAMPLES_FOR_RATIO: Record<string, CountParam> = { N: { ratio: 'NOverNstar', unit: (p) => featureDim(intParam(p, 'd', 2)) } };

/** The sample size of Q2, Q4 and Q4b, as N/N* or as the count N, for a claim whose d goes up to dMax. */
export function samplesDomain(dMax: number): Domain {
  return { NOverNstar: reals(0.001, 4, 'N ≤ 4N*: the ladders stop at 2N* (4N* for Q4b), and a trial costs more with every sample'), N: integers(1, 4 * featureDim(dMax)) };
}

export function q4Samples(params: Params): number {
  return countOf(params, 'N', 'NOverNstar', featureDim(intParam(params, 'd', 2)));
}

export function recoveryArbitrary(params: Params, N: number): fc.Arbitrary<RecoveryInstance> {
  const d = intParam(params, 'd', 2);
  return fc.record({ d: fc.constant(d), N: fc.constant(N), mStar: fc.integer({ min: d, max: 2 * d }), seed: SEED });
}
