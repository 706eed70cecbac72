// Dandi, Troiani, Arnaboldi et al. 2024: the benefits of reusing batches for gradient descent in two-layer networks.
// Convention M (CLAIMS.md): teacher y = tanh(h1 + He3(h2)), h = Θx with Θ (2 x D) orthonormal (W* = √D Θ);
// student p = 2 ReLU, a = (+1, −1)/√2 fixed, rows of norm √D orthogonal to the teacher, pre-activations
// λ = w·x/√D, sum loss ½ Σ_i (y_i − f(x_i))² over a fixed batch of N = αD samples, lr 0.2, plain GD.
// Each GD step is one train call (full-batch GD is memoryless, so t calls of one step on the same batch are
// t steps of multi-pass GD); the one-pass control draws a fresh batch for every call.
//
// Both claims are statements about means over the randomness (an overlap curve, a first-order expectation),
// so one trial is a batch of S independent runs whose mean is compared with the prediction.
import fc from 'fast-check';
import { gaussianInputs, gaussianMatrix } from '../src/core/data/gaussian';
import { gaussianExpectation, hermite, splitGaussLegendre } from '../src/core/data/hermite';
import { multiIndex, orthonormalDirections, type MultiLink } from '../src/core/data/targets';
import type { CheckResult, Claim, Expectation, Params, Rung } from '../src/contract/claim';
import { architecture, predict } from '../src/core/model/network';
import { stream, type Stream } from '../src/core/rng';
import type { NetworkSpec, TrainRequest, Trainer } from '../src/contract/trainer';
import { choice, intParam, positiveParam, SEED } from './shared/params';

const PAPER = 'Dandi, Troiani, Arnaboldi, Pesce, Zdeborová, Krzakala 2024';
const TITLE = 'The benefits of reusing batches for gradient descent in two-layer networks';
/** Student width and fixed second layer of CLAIMS M. */
const P = 2;
const A = Float64Array.of(Math.SQRT1_2, -Math.SQRT1_2);
/** Learning rate of the sum loss (CLAIMS M). */
const LR = 0.2;

/** y = tanh(h1 + He3(h2)). */
export const teacherLink: MultiLink = (h) => Math.tanh(h[0] + hermite(3, h[1]));

export interface ReuseInstance {
  D: number;
  /** Batch size N = αD. */
  N: number;
  /** GD steps. */
  t: number;
  /** 1: a fresh batch for every step (one-pass control); 0: the same batch reused. */
  fresh: number;
  /** Independent runs averaged in one trial. */
  seeds: number;
  seed: number;
}

function instanceOf(params: Params): fc.Arbitrary<ReuseInstance> {
  const D = intParam(params, 'D', 4);
  const N = Math.max(1, Math.round(positiveParam(params, 'alpha') * D));
  return fc.record({
    D: fc.constant(D),
    N: fc.constant(N),
    t: fc.constant(intParam(params, 't', 1)),
    fresh: fc.constant(choice(params, 'fresh', [0, 1])),
    seeds: fc.constant(intParam(params, 'seeds', 1)),
    seed: SEED,
  });
}

interface Run {
  Theta: Float64Array;
  W0: Float64Array;
}

/** Teacher directions Θ (2 x D) and student rows of norm √D with zero overlap with the teacher. */
function drawRun(s: Stream, D: number): Run {
  const Theta = orthonormalDirections(s.child('teacher'), 2, D);
  const W0 = gaussianMatrix(s.child('student'), P, D);
  for (let j = 0; j < P; j++) {
    const w = W0.subarray(j * D, (j + 1) * D);
    // Project out the teacher twice (rounding leaves ≈ D ε of overlap after one pass; the claim starts at 0).
    for (let pass = 0; pass < 2; pass++) {
      for (let l = 0; l < 2; l++) {
        let c = 0;
        for (let q = 0; q < D; q++) c += w[q] * Theta[l * D + q];
        for (let q = 0; q < D; q++) w[q] -= c * Theta[l * D + q];
      }
    }
    let norm = 0;
    for (let q = 0; q < D; q++) norm += w[q] * w[q];
    const scale = Math.sqrt(D / norm);
    for (let q = 0; q < D; q++) w[q] *= scale;
  }
  return { Theta, W0 };
}

function network(W: Float64Array, D: number): NetworkSpec {
  return { activation: 'relu', d: D, m: P, outputScaling: 'none', inputScale: Math.sqrt(D), trainFirst: true, trainSecond: false, W, a: A };
}

function batch(s: Stream, Theta: Float64Array, N: number, D: number): { X: Float64Array; y: Float64Array } {
  const X = gaussianInputs(s, N, D);
  return { X, y: multiIndex(X, N, D, Theta, 2, teacherLink) };
}

/** One GD step of convention M through the plugged-in trainer; a CheckResult ends the trial. */
async function gdStep(trainer: Trainer, W: Float64Array, D: number, X: Float64Array, y: Float64Array, N: number, seed: number): Promise<{ W: Float64Array; loss: number } | CheckResult> {
  const request: TrainRequest = {
    network: network(W, D),
    data: { n: N, X, y },
    loss: { kind: 'square', reduction: 'sum' },
    algorithm: { kind: 'gd', lr: LR, steps: 1 },
    seed,
  };
  if (!trainer.supports(request)) return { pass: false, status: 'skipped', reason: `trainer ${trainer.name} does not support sum-loss gd with inputScale √D` };
  const result = await trainer.train(request);
  if (result.diverged) return { pass: false, status: 'diverged', reason: `diverged (loss ${result.diverged.loss})` };
  return { W: result.W, loss: result.trace.loss[result.trace.loss.length - 1] };
}

function isCheckResult(value: object): value is CheckResult {
  return 'pass' in value;
}

function meanAndSd(v: readonly number[]): { mean: number; sd: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const varSum = v.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, sd: v.length > 1 ? Math.sqrt(varSum / (v.length - 1)) : 0 };
}

// ------------------------------------------------------------------------------------------------
// M1 the overlap curve of the paper.

/** The direction u in the (h1, h2) plane along which the paper plots neuron 0's overlap (CLAIMS M1). */
const U = [0.767832, -0.640651];
/** Published DMFT values (D = 5000) of the mean |m(t)| at t = 1, 2, 3 (CLAIMS M1). */
export const M1_PUBLISHED = [0.0987, 0.1609, 0.201];
/** The mean over seeds is within 0.03 of the published value (CLAIMS M1). */
const M1_TOLERANCE = 0.03;

/** |m| of neuron j along u: m = ⟨w_j, w*⟩ / D with w* = √D (u1 θ1 + u2 θ2) (CLAIMS M1). */
function overlapAlongU(W: Float64Array, j: number, Theta: Float64Array, D: number): number {
  let m = 0;
  for (let q = 0; q < D; q++) m += W[j * D + q] * (U[0] * Theta[q] + U[1] * Theta[D + q]);
  return Math.abs(m) / Math.sqrt(D);
}

function m1Expect(params: Params): Expectation {
  const t = intParam(params, 't', 1);
  const fresh = choice(params, 'fresh', [0, 1]);
  if (t > M1_PUBLISHED.length) return { outcome: 'observe', why: 'published values only for t ≤ 3' };
  if (!fresh || t === 1) return { outcome: 'holds', why: t === 1 && fresh ? 'the first step is the same with or without reuse' : 'CLAIMS M1: 0.097, 0.161, 0.204 at D = 64 (40 seeds)' };
  // CLAIMS M1 puts the control's failure from t = 2; the one-pass curve is 0.018 above the reuse curve there, inside
  // the 0.03 of the check at every D measured (see the calibration note), so the control is gated from t = 3.
  if (t === 2) return { outcome: 'observe', why: 'one-pass |m(2)| = 0.179 (D = 64, 128; 0.1787 at D = 1000 with the paper\'s simulation.py) is within 0.03 of 0.1609: the check cannot fail at t = 2' };
  return { outcome: 'fails', why: 'one-pass GD leaves the reuse curve: 0.245 at t = 3 vs 0.201 (D = 64, 128)' };
}

function m1Rung(D: number, t: number, fresh: number, runs?: number): Rung {
  const params = { D, alpha: 3, t, fresh, seeds: 40 };
  return { name: `D=${D}, t=${t}, ${fresh ? 'fresh batches' : 'reused batch'}`, params, expected: m1Expect(params), ...(runs ? { runs } : {}) };
}

export const overlapCurve: Claim<ReuseInstance> = {
  id: 'reusing-batches.overlap-curve',
  paper: PAPER,
  statement: 'Multi-pass GD on one batch of N = 3D samples follows the DMFT overlap curve |m(t)| = 0.0987, 0.1609, 0.2010 at t = 1, 2, 3.',
  source: `${TITLE}: DMFT curve of the overlap for tanh(h1 + He3(h2)), α = 3 (CLAIMS M1)`,
  runs: 20,
  defaults: { D: 64, alpha: 3, t: 3, fresh: 0, seeds: 40 },
  ladders: {
    small: [m1Rung(64, 2, 0, 2), m1Rung(64, 3, 1, 2)],
    // One-pass and reuse take the same first step, so a one-pass rung at t = 1 would repeat the reuse rung.
    default: [m1Rung(64, 1, 0), ...[2, 3].flatMap((t) => [m1Rung(64, t, 0), m1Rung(64, t, 1)])],
    large: [64, 128].flatMap((D) => [1, 2, 3].flatMap((t) => [m1Rung(D, t, 0, 30), m1Rung(D, t, 1, 30)])),
  },
  expect: m1Expect,
  instance: instanceOf,
  async check(inst, ctx) {
    const { D, N, t, fresh, seeds } = inst;
    const root = stream(inst.seed);
    const m0: number[] = [];
    const m1: number[] = [];
    const firstStep: number[] = [];
    const losses: number[] = [];
    for (let r = 0; r < seeds; r++) {
      const s = root.child(`run${r}`);
      const { Theta, W0 } = drawRun(s, D);
      const reused = batch(s.child('batch0'), Theta, N, D);
      let W = W0;
      let loss = 0;
      for (let step = 0; step < t; step++) {
        const data = fresh && step > 0 ? batch(s.child(`batch${step}`), Theta, N, D) : reused;
        const out = await gdStep(ctx.trainer, W, D, data.X, data.y, N, inst.seed + r);
        if (isCheckResult(out)) return out;
        W = out.W;
        loss = out.loss;
        if (step === 0) firstStep.push(overlapAlongU(W, 0, Theta, D));
      }
      m0.push(overlapAlongU(W, 0, Theta, D));
      m1.push(overlapAlongU(W, 1, Theta, D));
      losses.push(loss / N);
    }
    const curve = meanAndSd(m0);
    const observables: Record<string, number> = {
      meanOverlap: curve.mean,
      sdOverlap: curve.sd,
      meanOverlapNeuron1: meanAndSd(m1).mean,
      meanLoss: meanAndSd(losses).mean,
    };
    const published = M1_PUBLISHED[t - 1];
    if (published === undefined) return { pass: false, status: 'not-scored', reason: `no published value at t = ${t}`, observables };
    // Premise of the one-pass control: its first step is the reuse curve's first step (same batch size, same
    // rate), so the trained network must sit on the published m(1); else the control's failure says nothing.
    const stepOne = meanAndSd(firstStep).mean;
    observables.meanOverlapStep1 = stepOne;
    if (fresh && t > 1 && !(Math.abs(stepOne - M1_PUBLISHED[0]) < M1_TOLERANCE)) {
      return { pass: false, status: 'not-scored', reason: `the trainer's first step did not reach the published m(1): mean |m(1)| = ${stepOne.toFixed(4)} vs ${M1_PUBLISHED[0]} (the one-pass control needs the paper's first step)`, observables };
    }
    // CLAIMS M1: |mean over seeds of |m(t)| − published(t)| < 0.03.
    return { pass: Math.abs(curve.mean - published) < M1_TOLERANCE, observables };
  },
  plot: { x: 't', series: 'fresh' },
  reference(params) {
    const v = M1_PUBLISHED[intParam(params, 't', 1) - 1];
    return v === undefined ? undefined : { meanOverlap: v };
  },
  notes: [
    'One trial = 40 independent runs (teacher, batch, student); meanOverlap is the mean over them of |m(t)| of neuron 0 along u = (0.767832, −0.640651), sdOverlap their standard deviation (the standard error of the mean is sdOverlap/√40). meanLoss: ½ mean (y − f)² on the last batch after the last step.',
    'Reference: the published DMFT values at D = 5000. CLAIMS numpy at D = 64 (40 seeds): 0.097 ± 0.021, 0.161, 0.204; D = 128: 0.100, 0.161, 0.201. numpy here (200 seeds, D = 64): reuse 0.0972, 0.1587, 0.1999; fresh batches 0.0972, 0.1786, 0.2433.',
    'Negative control (fresh = 1): one-pass GD, a new batch of the same N = αD every step, the same trainer, rate and check. Its first step is the reuse curve\'s first step (holds at t = 1), and that is its premise: a trial whose mean |m(1)| misses 0.0987 by 0.03 or more is not scored (a trainer that never moves would otherwise pass for the control).',
    'Calibration of the control (theorycheck run --at ... --runs 30 --no-sequential, seed 7; one trial = 40 runs; passes/trials, median mean |m(t)|): D = 64: t = 2: reuse 30/30 (0.161), one-pass 30/30 (0.179); t = 3: reuse 30/30 (0.206), one-pass 0/30 (0.245). D = 128: t = 2: reuse 30/30 (0.163), one-pass 30/30 (0.181); t = 3: reuse 30/30 (0.202), one-pass 0/30 (0.246). The paper\'s own simulation.py with online = True (D = 1000, 32 runs) gives the one-pass curve 0.0981, 0.1787, 0.2420 (reuse 0.0966, 0.1574, 0.1986); the repository stores no one-pass curve. So one-pass sits 0.018 above the published 0.1609 at t = 2 at every D, inside the check\'s 0.03: CLAIMS M1\'s "fails from t = 2" cannot hold with its own tolerance, and the gated control is t = 3 (0.044 away), t = 2 observed.',
  ],
};

// ------------------------------------------------------------------------------------------------
// M2 the reuse mechanism: after one step the training pre-activations carry a self-term.

let populationCorrelation: [number, number] | undefined;

/** Split Gauss–Legendre sizes of the product rule: h2 needs more nodes, tanh(h1 + He3(h2)) is steep in h2. */
export const CORRELATION_NODES = { h1: 64, h2: 200 } as const;

/**
 * c_l = E[y h_l] for y = tanh(h1 + He3(h2)), by a 2-D product rule (split Gauss–Legendre in each coordinate;
 * converged to 1e−15 at these sizes: 200 → 400 nodes in h2 changes nothing). E[y x] = c1 θ1 + c2 θ2.
 */
export function teacherCorrelation(): [number, number] {
  if (!populationCorrelation) {
    const outer = splitGaussLegendre(CORRELATION_NODES.h1);
    const inner = splitGaussLegendre(CORRELATION_NODES.h2);
    const h = new Float64Array(2);
    const c = (l: number) =>
      gaussianExpectation((h1) => gaussianExpectation((h2) => {
        h[0] = h1;
        h[1] = h2;
        return teacherLink(h) * h[l];
      }, inner), outer);
    populationCorrelation = [c(0), c(1)];
  }
  return populationCorrelation;
}

/** The mean gap is within 10% of the first-order self-term (CLAIMS M2). */
const M2_TOLERANCE = 0.1;
/** Standard errors within which the step's population part must meet its exact mean (the control's premise). */
const M2_STEP_SIGMAS = 4;

/**
 * Exact mean of sign(a_j)·E[y Δλ_j] after one step from W0 ⟂ Θ: Δw_j = η a_j Σ_i r_i σ'(λ_ij) x_i/√D, and
 * E[r σ'(λ) h_l] = E[σ'(λ)] E[y h_l] = c_l / 2 (λ ~ N(0, 1) is independent of h; f depends on λ only), so
 * E[y Δλ_j] = Δw_j·(c1 θ1 + c2 θ2)/√D has mean η α a_j (c1² + c2²)/2.
 */
export function stepPopulationPart(alpha: number): number {
  const [c1, c2] = teacherCorrelation();
  return (LR * alpha * Math.abs(A[0]) * (c1 * c1 + c2 * c2)) / 2;
}

function m2Expect(params: Params): Expectation {
  const D = intParam(params, 'D', 4);
  const alpha = positiveParam(params, 'alpha');
  if (choice(params, 'fresh', [0, 1])) return { outcome: 'fails', why: 'a fresh batch carries no self-term: its gap is 0 ± noise' };
  if (alpha >= 4 && D >= 32) return { outcome: 'holds', why: 'CLAIMS M2: within 10% for N ≥ 4D, D ≥ 32' };
  return { outcome: 'observe', why: 'CLAIMS M2 covers N ≥ 4D, D ≥ 32 only' };
}

function m2Rung(D: number, alpha: number, fresh: number, seeds: number, runs?: number): Rung {
  const params = { D, alpha, t: 1, fresh, seeds };
  return { name: `D=${D}, N/D=${alpha}, ${fresh ? 'fresh batch' : 'training batch'}`, params, expected: m2Expect(params), ...(runs ? { runs } : {}) };
}

export const selfTerm: Claim<ReuseInstance> = {
  id: 'reusing-batches.self-term',
  paper: PAPER,
  statement: 'After one full-batch step the training pre-activations carry a self-term: E_train[y Δλ] − E[y Δλ] ≈ η a E[y r σ\'(λ0)], absent on fresh data.',
  source: `${TITLE}: the mechanism behind reuse (CLAIMS M2, derived to first order)`,
  runs: 20,
  defaults: { D: 32, alpha: 4, t: 1, fresh: 0, seeds: 128 },
  ladders: {
    small: [m2Rung(64, 4, 0, 128, 3), m2Rung(64, 4, 1, 128, 3)],
    // 256 runs at D = 32, 128 at D = 64: the pooled ratio's standard deviation is ≈ 0.02 on both rungs. The
    // fresh-batch control (0 ± noise at any D) runs at D = 32 here and at every D of the large ladder.
    default: [m2Rung(32, 4, 0, 256), m2Rung(32, 4, 1, 256), m2Rung(64, 4, 0, 128)],
    large: [
      ...[32, 64, 128].flatMap((D) => [m2Rung(D, 4, 0, 256, 20), m2Rung(D, 4, 1, 256, 20)]),
      ...[32, 64].flatMap((D) => [m2Rung(D, 16, 0, 512, 20), m2Rung(D, 16, 1, 512, 20)]),
      m2Rung(32, 1, 0, 256, 20),
    ],
  },
  expect: m2Expect,
  instance: instanceOf,
  async check(inst, ctx) {
    const { D, N, fresh, seeds } = inst;
    const [c1, c2] = teacherCorrelation();
    const sqrtD = Math.sqrt(D);
    const root = stream(inst.seed);
    let gapSum = 0;
    let predSum = 0;
    const ratios: number[] = [];
    const steps: number[] = [];
    for (let r = 0; r < seeds; r++) {
      const s = root.child(`run${r}`);
      const { Theta, W0 } = drawRun(s, D);
      const train = batch(s.child('batch0'), Theta, N, D);
      const out = await gdStep(ctx.trainer, W0, D, train.X, train.y, N, inst.seed + r);
      if (isCheckResult(out)) return out;
      const f = predict(architecture(network(W0, D)), W0, A, train.X, N);
      const probe = fresh ? batch(s.child('probe'), Theta, N, D) : train;
      // The neurons of one run share its batch: their a-signed step parts are averaged into one value per run.
      let runStep = 0;
      for (let j = 0; j < P; j++) {
        // Δλ = Δw·x/√D; E[y Δλ] = Δw·(c1 θ1 + c2 θ2)/√D exactly, since E[y x] = c1 θ1 + c2 θ2.
        let population = 0;
        for (let q = 0; q < D; q++) population += (out.W[j * D + q] - W0[j * D + q]) * (c1 * Theta[q] + c2 * Theta[D + q]);
        population /= sqrtD;
        runStep += (Math.sign(A[j]) * population) / P;
        let empirical = 0;
        let selfPrediction = 0;
        for (let i = 0; i < N; i++) {
          let dl = 0;
          let l0 = 0;
          for (let q = 0; q < D; q++) {
            const x = train.X[i * D + q];
            l0 += W0[j * D + q] * x;
            dl += (out.W[j * D + q] - W0[j * D + q]) * probe.X[i * D + q];
          }
          empirical += probe.y[i] * (dl / sqrtD);
          // First-order self-term (CLAIMS M2): η a_j y_i r_i σ'(λ0_ij) on the training batch, r = y − f at W0.
          if (l0 > 0) selfPrediction += train.y[i] * (train.y[i] - f[i]);
        }
        const gap = empirical / N - population;
        const prediction = (LR * A[j] * selfPrediction) / N;
        // Pool the neurons with the sign of a_j so both self-terms add up.
        const sign = Math.sign(A[j]);
        gapSum += sign * gap;
        predSum += sign * prediction;
        ratios.push(gap / prediction);
      }
      steps.push(runStep);
    }
    const ratio = gapSum / predSum;
    const spread = meanAndSd(ratios);
    const step = meanAndSd(steps);
    const stepExpected = stepPopulationPart(N / D);
    const observables = {
      gapOverPrediction: ratio,
      standardError: spread.sd / Math.sqrt(ratios.length),
      meanPrediction: predSum / ratios.length,
      stepOverExpected: step.mean / stepExpected,
    };
    // Premise of the fresh-batch control: the trainer took the paper's step. Its population part has an exact
    // mean, so a trainer that did not step (whose gap is 0 as well) cannot pass for the control.
    const stepError = step.sd / Math.sqrt(steps.length);
    if (fresh && !(Math.abs(step.mean - stepExpected) <= M2_STEP_SIGMAS * stepError)) {
      return {
        pass: false,
        status: 'not-scored',
        reason: `the trainer did not take the paper's step: mean a-signed E[y Δλ] = ${step.mean.toExponential(3)} vs its exact mean ${stepExpected.toExponential(3)} (± ${M2_STEP_SIGMAS} s.e. ${stepError.toExponential(1)})`,
        observables,
      };
    }
    // CLAIMS M2: the mean gap E_train[y Δλ] − E[y Δλ] is within 10% of the mean self-term (η D/N) a E[y r σ'].
    return { pass: Math.abs(ratio - 1) < M2_TOLERANCE, observables };
  },
  plot: { x: 'alpha', series: 'fresh' },
  reference: (params) => ({ gapOverPrediction: choice(params, 'fresh', [0, 1]) ? 0 : 1 }),
  notes: [
    'Δλ = (w1 − w0)·x/√D is the step\'s part of the pre-activation (w0 is independent of the batch and orthogonal to the teacher, so its part is pure sampling noise and is left out). E[y Δλ] is exact: E[y x] = c1 θ1 + c2 θ2 with c_l = E[tanh(h1 + He3(h2)) h_l] by 2-D quadrature. gapOverPrediction = Σ gap / Σ prediction over the trial\'s runs and both neurons; standardError: of the per-run ratios\' mean.',
    'The gap of a single run is dominated by sampling noise (the step couples to the batch\'s own estimate of E[y x]): its ratio to the self-term has standard deviation ≈ 0.47 at D = 32, N = 4D and grows with N/D (numpy), so a trial pools 128–512 runs; the mean ratio is 1 within noise.',
    'Negative control (fresh = 1): the same trainer, step and statistic, probed on a fresh batch of N samples: ratio 0 ± noise. Its premise is that the trainer took the paper\'s step: the a-signed population part E[y Δλ] has the exact mean η α |a| (c1² + c2²)/2 (stepOverExpected = 1), and a trial whose mean over runs is more than 4 standard errors (of that mean) from it is not scored, since a trainer that never moves also has a gap of 0. The training-batch rung needs no premise: a trainer that does not step fails its check.',
    'Calibration (theorycheck run --runs 24 --no-sequential; passes/trials, median ratio): seed 7: D = 32 (256 runs a trial): training batch 24/24 (0.985), fresh batch 0/24 (−0.009); D = 64 (128 runs): 24/24 (0.993), 0/24 (−0.005); seed 1: 24/24 (0.996), 0/24 (0.007); 24/24 (1.00), 0/24 (−0.004); stepOverExpected 0.97–1.01 (10–90%) on every rung. Half the runs (128 at D = 32, 64 at D = 64) passed the training batch only 23/24 and 22/24 at D = 32 (seeds 7, 1): too close to 0.9, hence 256 / 128.',
  ],
};

export const reusingBatchesClaims = [overlapCurve, selfTerm];
