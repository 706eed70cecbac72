// Dandi, Troiani, Arnaboldi et al. 2024: the benefits of reusing batches for gradient descent in two-layer networks.
// What its claims share: convention M (the teacher, the student and its fixed second layer, one GD step through
// the plugged-in trainer), the instance of S runs a trial, and the mean and spread over those runs.
//
// Convention M (CLAIMS.md): teacher y = tanh(h1 + He3(h2)), h = Θx with Θ (2 x D) orthonormal (W* = √D Θ);
// student p = 2 ReLU, a = (+1, −1)/√2 fixed, rows of norm √D orthogonal to the teacher, pre-activations
// λ = w·x/√D, sum loss ½ Σ_i (y_i − f(x_i))² over a fixed batch of N = αD samples, lr 0.2, plain GD.
// Each GD step is one train call (full-batch GD is memoryless, so t calls of one step on the same batch are
// t steps of multi-pass GD); the one-pass control draws a fresh batch for every call.
//
// Both claims are statements about means over the randomness (an overlap curve, a first-order expectation),
// so one trial is a batch of S independent runs whose mean is compared with the prediction.
import fc from 'fast-check';
import { gaussianInputs, gaussianMatrix } from '../../src/core/data/gaussian';
import { hermite } from '../../src/core/data/hermite';
import { multiIndex, orthonormalDirections, type MultiLink } from '../../src/core/data/targets';
import type { CheckResult, Domain, Params } from '../../src/contract/claim';
import { stream, type Stream } from '../../src/core/rng';
import type { NetworkSpec, TrainRequest, Trainer } from '../../src/contract/trainer';
import { choice, FLAG, integers, intParam, positiveParam, reals, SEED } from '../shared/params';

export const PAPER = 'Dandi, Troiani, Arnaboldi, Pesce, Zdeborová, Krzakala 2024';
export const TITLE = 'The benefits of reusing batches for gradient descent in two-layer networks';
/** Student width and fixed second layer of CLAIMS M. */
export const P = 2;
export const A = Float64Array.of(Math.SQRT1_2, -Math.SQRT1_2);
/** Learning rate of the sum loss (CLAIMS M). */
export const LR = 0.2;

/** y = tanh(h1 + He3(h2)). */
export const teacherLink: MultiLink = (h) => Math.tanh(h[0] + hermite(3, h[1]));

/** D, α = N/D and the one-pass control of both claims (CLAIMS M: D = 64, 128, α = 3, 4). */
export const REUSE_DOMAIN: Domain = {
  D: integers(4, 256, 'D ≤ 256: a trial is `seeds` GD runs on N = αD samples of D entries, 1–8 s at D = 256'),
  alpha: reals(0.25, 16, 'N/D ≤ 16: the large ladder\'s largest'),
  fresh: FLAG,
};

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

export function instanceOf(params: Params): fc.Arbitrary<ReuseInstance> {
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
export function drawRun(s: Stream, D: number): Run {
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

export function network(W: Float64Array, D: number): NetworkSpec {
  return { activation: 'relu', d: D, m: P, outputScaling: 'none', inputScale: Math.sqrt(D), trainFirst: true, trainSecond: false, W, a: A };
}

/** N samples of the two-index teacher `link` (CLAIMS M's by default). */
export function batch(s: Stream, Theta: Float64Array, N: number, D: number, link: MultiLink = teacherLink): { X: Float64Array; y: Float64Array } {
  const X = gaussianInputs(s, N, D);
  return { X, y: multiIndex(X, N, D, Theta, 2, link) };
}

/** One GD step of convention M through the plugged-in trainer; a CheckResult ends the trial. */
export async function gdStep(trainer: Trainer, W: Float64Array, D: number, X: Float64Array, y: Float64Array, N: number, seed: number): Promise<{ W: Float64Array; loss: number } | CheckResult> {
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

/** What a trial sees after each GD step of one of its runs. */
export interface StepSeen {
  run: number;
  step: number;
  W: Float64Array;
  Theta: Float64Array;
  /** The trainer's last loss on the step's batch (sum loss). */
  loss: number;
}

/**
 * The trial's runs, each t GD steps of the trainer on its reused batch (a fresh batch from the second step on when
 * `fresh`), `seen` after every step; a CheckResult (skipped, diverged) ends the trial.
 */
export async function runSteps(trainer: Trainer, inst: ReuseInstance, seen: (s: StepSeen) => void): Promise<CheckResult | undefined> {
  const { D, N, t, fresh, seeds } = inst;
  const root = stream(inst.seed);
  for (let run = 0; run < seeds; run++) {
    const s = root.child(`run${run}`);
    const { Theta, W0 } = drawRun(s, D);
    const reused = batch(s.child('batch0'), Theta, N, D);
    let W = W0;
    for (let step = 0; step < t; step++) {
      const data = fresh && step > 0 ? batch(s.child(`batch${step}`), Theta, N, D) : reused;
      const out = await gdStep(trainer, W, D, data.X, data.y, N, inst.seed + run);
      if (isCheckResult(out)) return out;
      W = out.W;
      seen({ run, step, W, Theta, loss: out.loss });
    }
  }
  return undefined;
}

export function isCheckResult(value: object): value is CheckResult {
  return 'pass' in value;
}

export function meanAndSd(v: readonly number[]): { mean: number; sd: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const varSum = v.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, sd: v.length > 1 ? Math.sqrt(varSum / (v.length - 1)) : 0 };
}
