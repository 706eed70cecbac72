// The trainer contract: everything a trainer needs to train deterministically travels in the request, so a
// plug-in (or an external process) can reproduce the reference trainer exactly. The request and result types are
// those of the schema (contract/schema.ts), where every field is described; only the trainer's functions are here.
import type { TrainRequestShape, TrainResultShape } from './schema';

export type { Activation, OutputScaling } from './values';

/** A training request: the network and its initial weights, the data, the loss, the algorithm, a seed. */
export type TrainRequest = TrainRequestShape;
/** f(x) = s(m) · Σ_j a_j σ(w_j·x / inputScale), W m × d row-major, and which layers train. */
export type NetworkSpec = TrainRequest['network'];
/** n samples: X n × d row-major, labels y. */
export type DataSpec = TrainRequest['data'];
/** square ½(y − f)², logistic log(1 + e^{−yf}), correlation −yf; mean (default) or sum over the batch. */
export type LossSpec = TrainRequest['loss'];
/** gd, sgd, gd-backtracking or online (one-pass) SGD, with its learning rate, steps and options. */
export type AlgorithmSpec = TrainRequest['algorithm'];
/** unit-rows (rows rescaled to norm after every step) or norm-only (only the row norms train). */
export type ConstraintSpec = NonNullable<TrainRequest['constraint']>;
/** online only: a direction whose cosine with every row is traced, and an early stop on it. */
export type ProbeSpec = NonNullable<TrainRequest['probe']>;

/** A trainer's answer: final weights, steps taken, the loss trace, and where it diverged if it did. */
export type TrainResult = TrainResultShape;
export type TrainTrace = TrainResult['trace'];

export interface Trainer {
  name: string;
  /** Whether the trainer serves this request; the harness reports the others as not checked, never sends them. */
  supports(request: TrainRequest): boolean;
  train(request: TrainRequest): TrainResult | Promise<TrainResult>;
}
