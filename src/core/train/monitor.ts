// The loss trace, the stopping rule (stopAtLoss, step budget) and the divergence test of a training run.
// Preallocated: observing a step allocates nothing.
import type { AlgorithmSpec, TrainResult, TrainTrace } from '../../contract/trainer';

/** A run diverged when its loss is not finite or (growthTest) exceeds this factor times a positive initial loss. */
export const DIVERGENCE_FACTOR = 1e6;

export interface Monitor {
  /**
   * The training loss L after t updates (before update t). Records it when t is a multiple of traceEvery
   * or the run stops here; returns true when the run must stop (diverged, below stopAtLoss, or t = steps).
   * Step 0 must be observed first: it fixes the initial loss.
   */
  observe(t: number, L: number): boolean;
  /** Records the final loss if step t is not recorded yet (a run that stopped for another reason). */
  finish(t: number, L: number): void;
  trace(): TrainTrace;
  diverged(): TrainResult['diverged'];
}

export function createMonitor(
  algorithm: Pick<AlgorithmSpec, 'steps' | 'traceEvery' | 'stopAtLoss'>, options: { growthTest?: boolean } = {},
): Monitor {
  const growthTest = options.growthTest ?? true;
  const every = algorithm.traceEvery ?? 1;
  const { steps, stopAtLoss } = algorithm;
  const capacity = Math.floor(steps / every) + 2;
  const stepAt = new Float64Array(capacity);
  const lossAt = new Float64Array(capacity);
  let count = 0;
  let initial = Number.NaN;
  let divergence: TrainResult['diverged'];

  const record = (t: number, L: number) => {
    if (count > 0 && stepAt[count - 1] === t) return;
    stepAt[count] = t;
    lossAt[count] = L;
    count++;
  };

  return {
    observe(t, L) {
      if (t === 0) initial = L;
      const diverged = !Number.isFinite(L) || (growthTest && initial > 0 && L > DIVERGENCE_FACTOR * initial);
      if (diverged) divergence = { step: t, loss: L };
      const stop = diverged || (stopAtLoss !== undefined && L < stopAtLoss) || t >= steps;
      if (stop || t % every === 0) record(t, L);
      return stop;
    },
    finish: record,
    trace: () => ({ step: Array.from(stepAt.subarray(0, count)), loss: Array.from(lossAt.subarray(0, count)) }),
    diverged: () => divergence,
  };
}
