// One-pass SGD in the convention of CLAIMS.md's B and R claims (Arnaboldi et al. 2024): f(x) = (1/p) Σ_j a_j σ(w_j·x)
// with a fixed, loss ½(y − f)² (or −y f) averaged over a fresh batch, x ~ N(0, I_d). B projects the rows back
// to unit norm after every step; R leaves w free (the papers' `spherical: 0` runs). Builds the requests, draws the fresh data, and runs a first-crossing search in
// segments so that only the samples actually used are drawn.
import { gaussianInputs } from '../../src/core/data/gaussian';
import type { CheckResult } from '../../src/contract/claim';
import type { Stream } from '../../src/core/rng';
import type { Activation, LossSpec, TrainRequest, TrainResult, Trainer } from '../../src/contract/trainer';

export interface OnlineSetup {
  activation: Activation;
  d: number;
  /** Width p; the second layer is a = 1 (fixed), the output 1/p. */
  p: number;
  loss: LossSpec['kind'];
  /** Learning rate γ of the mean batch loss. */
  gamma: number;
  /** Batch size n_b. */
  nb: number;
  /** Displacement ρ of displaced SGD (0: plain). */
  rho: number;
  /** Rows rescaled to unit norm at the start and after every step (CLAIMS B); false: w unconstrained (CLAIMS R). */
  unitRows: boolean;
}

/** A fresh batch of `count` samples: X (count x d) and y = target(X). */
export type Sampler = (s: Stream, count: number) => { X: Float64Array; y: Float64Array };

/** Gaussian inputs and labels from a label map over X (count x d). */
export function gaussianSampler(d: number, label: (X: Float64Array, count: number) => Float64Array): Sampler {
  return (s, count) => {
    const X = gaussianInputs(s, count, d);
    return { X, y: label(X, count) };
  };
}

/** A unit vector w with ⟨w, θ⟩ = q exactly: w = qθ + √(1 − q²) u, u a random unit vector ⟂ θ. */
export function unitWithOverlap(s: Stream, theta: Float64Array, q: number): Float64Array {
  const d = theta.length;
  const u = s.normals(d);
  // Projected twice so that ⟨u, θ⟩ is zero to rounding, not to the rounding of one projection.
  for (let pass = 0; pass < 2; pass++) {
    let c = 0;
    for (let k = 0; k < d; k++) c += u[k] * theta[k];
    for (let k = 0; k < d; k++) u[k] -= c * theta[k];
  }
  let norm = 0;
  for (let k = 0; k < d; k++) norm += u[k] * u[k];
  const c = Math.sqrt(1 - q * q) / Math.sqrt(norm);
  const w = new Float64Array(d);
  for (let k = 0; k < d; k++) w[k] = q * theta[k] + c * u[k];
  return w;
}

export function onlineRequest(setup: OnlineSetup, W: Float64Array, X: Float64Array, y: Float64Array, steps: number, extra: Partial<TrainRequest> = {}): TrainRequest {
  const { activation, d, p, nb, gamma, rho } = setup;
  return {
    network: { activation, d, m: p, outputScaling: 'inv-m', trainFirst: true, trainSecond: false, W, a: new Float64Array(p).fill(1) },
    data: { n: y.length, X, y },
    loss: { kind: setup.loss, reduction: 'mean' },
    algorithm: { kind: 'online', lr: gamma, steps, batchSize: nb, traceEvery: Math.max(1, steps), ...(rho > 0 ? { displacement: rho } : {}) },
    ...(setup.unitRows ? { constraint: { kind: 'unit-rows' as const } } : {}),
    seed: 0,
    ...extra,
  };
}

/** Trains through the plugged-in trainer; an unsupported request or a diverged run ends the trial. */
export async function trainOrReport(trainer: Trainer, request: TrainRequest, what: string): Promise<TrainResult | CheckResult> {
  if (!trainer.supports(request)) return { pass: false, status: 'skipped', reason: `trainer ${trainer.name} does not support ${what}` };
  const result = await trainer.train(request);
  if (result.diverged) return { pass: false, status: 'diverged', reason: `diverged at step ${result.diverged.step} (loss ${result.diverged.loss})` };
  return result;
}

export function isCheckResult(value: TrainResult | CheckResult): value is CheckResult {
  return 'pass' in value;
}

export interface Crossing {
  /** First step t with ⟨w_t, θ⟩ > threshold (some row), or undefined within the horizon. */
  tStar?: number;
  /** Steps run (t* or the horizon T). */
  steps: number;
  W: Float64Array;
  /** The last one-batch loss of the run (at the final weights): a fresh-sample estimate of the population loss. */
  loss: number;
}

/**
 * One-pass SGD from W0 until a row's signed cosine with θ exceeds `threshold` or T steps are done. The run is
 * split into requests of doubling length (the first of `first` steps), each on the next fresh samples of the
 * stream and starting from the previous weights: online SGD keeps no state but the weights, so this is the
 * same run as one request carrying all T·n_b samples, without drawing the samples after t*. The samples are
 * read from `s` in order, so two runs given equal streams see the same sample sequence whatever their batch.
 */
export async function firstCrossing(
  trainer: Trainer, setup: OnlineSetup, W0: Float64Array, theta: Float64Array, threshold: number, T: number, first: number,
  sample: Sampler, s: Stream,
): Promise<Crossing | CheckResult> {
  let W = W0;
  let done = 0;
  for (let segment = 0; done < T; segment++) {
    const steps = Math.min(T - done, first * 2 ** segment);
    const { X, y } = sample(s, steps * setup.nb);
    const request = onlineRequest(setup, W, X, y, steps, { probe: { direction: theta, stopAbove: threshold } });
    const out = await trainOrReport(trainer, request, 'one-pass SGD with a probe');
    if (isCheckResult(out)) return out;
    W = out.W;
    const loss = out.trace.loss[out.trace.loss.length - 1];
    const crossedAt = out.steps < steps || lastCosineAbove(out, threshold) ? done + out.steps : undefined;
    if (crossedAt !== undefined) return { tStar: crossedAt, steps: crossedAt, W, loss };
    done += steps;
    if (done >= T) return { steps: T, W, loss };
  }
  return { steps: T, W, loss: Number.NaN };
}

/** The request's stop fires before an update, so a crossing by the last update of a segment shows in its trace. */
function lastCosineAbove(out: TrainResult, threshold: number): boolean {
  const rows = out.trace.overlap;
  const last = rows?.[rows.length - 1];
  return last !== undefined && last.some((c) => c > threshold);
}
