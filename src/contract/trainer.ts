// The trainer contract: everything a trainer needs to train deterministically travels in the request,
// so a plug-in (or an external process) can reproduce the reference trainer exactly.
import type { Activation, AlgorithmKind, LossKind, OutputScaling, Reduction } from './values';

export type { Activation, OutputScaling } from './values';

export interface NetworkSpec {
  activation: Activation;
  /** Input dimension d. */
  d: number;
  /** Width m (number of hidden neurons). */
  m: number;
  outputScaling: OutputScaling;
  /** Pre-activations are w·x / inputScale (1 by default; √D in the multi-pass convention). */
  inputScale?: number;
  /** Which layers the trainer updates. */
  trainFirst: boolean;
  trainSecond: boolean;
  /** Initial first layer, m x d row-major. */
  W: Float64Array;
  /** Initial second layer, length m. */
  a: Float64Array;
}

export interface DataSpec {
  /** Number of samples n. */
  n: number;
  /** X, n x d row-major. */
  X: Float64Array;
  /** Labels, length n. */
  y: Float64Array;
}

/**
 * square: ℓ = ½(y − f)²; logistic: ℓ = log(1 + e^{−y f}) with y ∈ {±1}; correlation: ℓ = −y f.
 * reduction: the batch loss is the mean (default) or the sum of ℓ over the batch.
 */
export interface LossSpec {
  kind: LossKind;
  reduction?: Reduction;
}

export interface AlgorithmSpec {
  /**
   * gd: full-batch gradient descent on the given data;
   * sgd: minibatches of `batchSize` drawn without replacement from the data each pass (reshuffled per pass);
   * gd-backtracking: full-batch GD with Armijo backtracking (step starts at lr, grows ×2 after an accepted step);
   * online: one-pass SGD: update t uses samples [t·b, (t+1)·b) of the data in order (b = batchSize), so every
   * sample is used at most once and the data must hold steps·b samples. Its loss trace is the loss of batch t
   * before update t (fresh samples: an estimate of the population loss; stopAtLoss reads it too); the final
   * entry is the loss of the last batch at the final weights (of batch t, not yet used, when a probe stopped
   * the run at t < steps).
   */
  kind: AlgorithmKind;
  /** Learning rate η. */
  lr: number;
  /** Number of update steps. */
  steps: number;
  /** Minibatch size (sgd and online, required there; an integer in [1, n]). */
  batchSize?: number;
  /**
   * online only: displaced SGD with ρ = displacement ≥ 0, the batch used twice: θ̃ = θ − ρ∇L_B(θ), then
   * θ ← θ − lr·∇L_B(θ̃) (the constraint applies to the update, not to θ̃). 0 or absent: plain online SGD.
   */
  displacement?: number;
  /** Stop once the training loss (with this request's loss and reduction) is below this value. */
  stopAtLoss?: number;
  /** Record the loss every `traceEvery` steps (default 1); the final step is always recorded. */
  traceEvery?: number;
}

/**
 * Optional constraint on the first layer. unit-rows: every row is rescaled to `norm` (default 1) at the start
 * and after every step. norm-only: w_j = r_j u_j with the directions u_j of the initial rows fixed; only the
 * norms r_j ≥ 0 train (gradient projected on u_j, r_j clamped at 0).
 */
export type ConstraintSpec =
  | { kind: 'unit-rows'; norm?: number }
  | { kind: 'norm-only' };

export interface TrainRequest {
  network: NetworkSpec;
  data: DataSpec;
  loss: LossSpec;
  algorithm: AlgorithmSpec;
  constraint?: ConstraintSpec;
  /** Seed of the trainer's own randomness (minibatch order). */
  seed: number;
  /** Optional (online only): a direction whose cosine with every row is traced, and an early stop on it. */
  probe?: ProbeSpec;
}

/**
 * A direction θ (unit, length d) followed during training: the signed cosines ⟨w_j, θ⟩/‖w_j‖ of the rows of W
 * are recorded with the loss, and the run stops at the first step t at which one of them exceeds stopAbove
 * (the returned steps is then that t, the first-crossing time t*, and W the weights after t updates). A
 * plug-in trainer that cannot follow a probe should answer false from supports() for such requests.
 */
export interface ProbeSpec {
  direction: Float64Array;
  stopAbove?: number;
}

export interface TrainTrace {
  /** Steps at which the loss was recorded. */
  step: number[];
  /** Training loss at those steps, before the update of that step (step = steps: the final loss). */
  loss: number[];
  /** With a probe: overlap[k][j] = ⟨w_j, θ⟩/‖w_j‖ at step[k] (0 for a zero row). */
  overlap?: number[][];
}

export interface TrainResult {
  W: Float64Array;
  a: Float64Array;
  /** Steps actually taken (fewer than requested when stopAtLoss was met or the run diverged). */
  steps: number;
  trace: TrainTrace;
  /** Set when the loss became NaN/Infinity or grew by 1e6 over its initial value. */
  diverged?: { step: number; loss: number };
}

export interface Trainer {
  name: string;
  supports(request: TrainRequest): boolean;
  train(request: TrainRequest): TrainResult | Promise<TrainResult>;
}
