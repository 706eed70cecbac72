// Gradient flow through any Trainer, run in segments: train `segment` steps, read the weights, continue
// from them with a new request. Between segments the step is set from the current loss: plain GD at η while
// the logistic loss is above ln 2, then η·ln 2/L. Under the logistic loss the curvature near a fitted
// network scales with L, so this is the gradient-flow path with its time rescaled (dt = η_t per step), not
// a different algorithm; the fidelity of the discretisation is checked by halving η (relativeChange).
import { architecture, createWorkspace, forward } from '../model/network';
import { lossValue } from '../model/loss';
import { deriveSeed } from '../rng';
import type { TrainRequest, TrainResult, Trainer } from '../../contract/trainer';

export interface FlowState {
  W: Float64Array;
  a: Float64Array;
  /** Steps taken so far. */
  steps: number;
  /** Gradient-flow time Σ η_t so far. */
  time: number;
  /** Training loss (the request's loss and reduction). */
  loss: number;
  /** Network outputs on the training inputs (valid during the callback only). */
  f: Float64Array;
}

export interface FlowOptions {
  /** Base step η. */
  eta: number;
  /** Rescale the step to η·L₀/L once the loss L is below L₀ (default true, L₀ = NORMALISE_BELOW). */
  normalised?: boolean;
  /** Steps per trainer call. */
  segment: number;
  /** Stop at the first step whose loss is below this. */
  stopAtLoss?: number;
  /** Stop when the time Σ η_t reaches this (the last segment is shortened to land on it). */
  maxTime?: number;
  /** Step budget. */
  maxSteps: number;
  /** Minibatch SGD with this batch size instead of full-batch GD. */
  batchSize?: number;
  /** Called at the start and after every segment; returning true stops the flow. */
  observe?(state: FlowState): boolean | void;
}

/**
 * short: the trainer stopped before the steps asked for while the loss here is still above the target; when its own
 * last traced loss was below the target, trainerLoss says so (its loss is computed otherwise, e.g. rounded to 0).
 */
type FlowStop = 'loss' | 'time' | 'steps' | 'short' | 'observer' | 'diverged' | 'unsupported' | 'underflow';

export interface FlowResult {
  W: Float64Array;
  a: Float64Array;
  steps: number;
  time: number;
  loss: number;
  stop: FlowStop;
  segments: number;
  diverged?: TrainResult['diverged'];
  /** stop = short: the trainer's last traced loss, when it was below the target (its reason to stop). */
  trainerLoss?: number;
}

/**
 * A norm-only neuron whose r_j hit 0 is passed on as DIRECTION_CARRIER · u_j: the next request still names its
 * fixed direction (a zero row has none), f changes below rounding, and the trainer's chain rule through
 * w_j = r_j u_j then gives the one-sided derivative ∂f/∂r_j = s·a_j relu(u_j·x) of the r ≥ 0 problem (at an
 * exact zero row relu'(0) = 0 would freeze the neuron). With one step per segment the flow is projected GD on r.
 */
const DIRECTION_CARRIER = 1e-150;

/** L₀ = ¼ = max ℓ'' of the logistic loss: below it the curvature bound min(¼, L) shrinks with L. */
export const NORMALISE_BELOW = 0.25;

/** The step at loss L: η above L₀, η·L₀/L below. */
export function flowStep(eta: number, L: number, normalised = true): number {
  return normalised && L < NORMALISE_BELOW ? (eta * NORMALISE_BELOW) / L : eta;
}

/** Runs the flow from request.network's weights; request.algorithm is replaced segment by segment. */
export async function flow(trainer: Trainer, request: Omit<TrainRequest, 'algorithm'>, options: FlowOptions): Promise<FlowResult> {
  const { network, data, loss } = request;
  const { n, X, y } = data;
  const { m, d } = network;
  const net = architecture(network);
  const ws = createWorkspace(n, d, m, { gradients: false });
  const normOnly = request.constraint?.kind === 'norm-only';
  const U = normOnly ? unitRows(network.W, m, d) : undefined;
  const normalised = options.normalised ?? true;
  let W: Float64Array = network.W.slice();
  let a: Float64Array = network.a.slice();
  let steps = 0;
  let time = 0;
  let segments = 0;
  const evaluate = () => {
    const f = forward(net, W, a, X, n, ws);
    return { f, L: lossValue(loss, f, y, n) };
  };
  let { f, L } = evaluate();
  const stopped = (why: FlowStop, diverged?: TrainResult['diverged'], trainerLoss?: number): FlowResult => ({
    W, a, steps, time, loss: L, stop: why, segments, ...(diverged ? { diverged } : {}), ...(trainerLoss !== undefined ? { trainerLoss } : {}),
  });
  if (options.observe?.({ W, a, steps, time, loss: L, f })) return stopped('observer');
  for (;;) {
    if (options.stopAtLoss !== undefined && L < options.stopAtLoss) return stopped('loss');
    if (options.maxTime !== undefined && time >= options.maxTime * (1 - 1e-12)) return stopped('time');
    if (steps >= options.maxSteps) return stopped('steps');
    // Every e^{−y f} below the smallest double: the loss, its gradient and the rescaled step are no longer defined.
    if (!(L > 0)) return stopped('underflow');
    let lr = flowStep(options.eta, L, normalised);
    let k = Math.min(options.segment, options.maxSteps - steps);
    if (options.maxTime !== undefined) {
      const remaining = options.maxTime - time;
      if (k * lr > remaining) {
        k = Math.max(1, Math.ceil(remaining / lr));
        lr = remaining / k;
      }
    }
    const segmentRequest: TrainRequest = {
      ...request,
      network: { ...network, W: U ? carryDirections(W, U, m, d) : W, a },
      algorithm: {
        kind: options.batchSize !== undefined ? 'sgd' : 'gd',
        lr,
        steps: k,
        ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
        ...(options.stopAtLoss !== undefined ? { stopAtLoss: options.stopAtLoss } : {}),
        traceEvery: k,
      },
      seed: deriveSeed(request.seed, 'segment', segments),
    };
    if (segments === 0 && !trainer.supports(segmentRequest)) return stopped('unsupported');
    const result = await trainer.train(segmentRequest);
    segments++;
    const before = steps;
    W = result.W;
    a = result.a;
    steps += result.steps;
    time += lr * result.steps;
    ({ f, L } = evaluate());
    // The trainer counts the steps of its segment: the run's step is that plus the steps before it.
    if (result.diverged) return stopped('diverged', { step: before + result.diverged.step, loss: result.diverged.loss });
    if (!Number.isFinite(L)) return stopped('diverged', { step: steps, loss: L });
    if (options.observe?.({ W, a, steps, time, loss: L, f })) return stopped('observer');
    // A trainer that stops short of k steps without meeting the loss target makes no further progress.
    if (result.steps < k && !(options.stopAtLoss !== undefined && L < options.stopAtLoss)) {
      const own = result.trace.loss.at(-1);
      return stopped('short', undefined, own !== undefined && options.stopAtLoss !== undefined && own < options.stopAtLoss ? own : undefined);
    }
  }
}

function unitRows(W: Float64Array, m: number, d: number): Float64Array {
  const U = new Float64Array(m * d);
  for (let j = 0; j < m; j++) {
    let q = 0;
    for (let k = 0; k < d; k++) q += W[j * d + k] ** 2;
    const c = 1 / Math.sqrt(q);
    for (let k = 0; k < d; k++) U[j * d + k] = c * W[j * d + k];
  }
  return U;
}

/** A copy of W whose zero rows are DIRECTION_CARRIER · u_j, so the next request still names their fixed direction. */
function carryDirections(W: Float64Array, U: Float64Array, m: number, d: number): Float64Array {
  const out = W.slice();
  for (let j = 0; j < m; j++) {
    let zero = true;
    for (let k = 0; k < d && zero; k++) zero = W[j * d + k] === 0;
    if (zero) for (let k = 0; k < d; k++) out[j * d + k] = DIRECTION_CARRIER * U[j * d + k];
  }
  return out;
}

/** max_k |b_k − a_k| / |a_k| over the named observables: the change when the step is halved. */
export function relativeChange<K extends string>(a: Record<K, number>, b: Record<K, number>, keys: readonly K[]): number {
  let worst = 0;
  for (const k of keys) worst = Math.max(worst, Math.abs(b[k] - a[k]) / Math.abs(a[k]));
  return worst;
}
