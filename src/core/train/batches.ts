// Minibatches without replacement: each pass is a fresh uniform permutation of the n samples, cut into
// consecutive batches of b (the last batch of a pass is smaller when b does not divide n).
import type { Stream } from '../rng/stream';

/** Fisher–Yates: a uniform permutation of perm, in place, from the stream. */
export function shuffle(perm: Int32Array, rng: Stream): void {
  for (let i = perm.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
}

/** Copies rows idx[from..from+count) of X (· x d) and y into Xb, yb (contiguous, for the gemm kernels). */
export function gatherRows(
  X: Float64Array, y: Float64Array, d: number, idx: Int32Array, from: number, count: number, Xb: Float64Array, yb: Float64Array,
): void {
  for (let b = 0; b < count; b++) {
    const i = idx[from + b];
    yb[b] = y[i];
    const src = i * d;
    const dst = b * d;
    // A plain loop rather than Xb.set(X.subarray(...)): no view object per row in the step loop.
    for (let k = 0; k < d; k++) Xb[dst + k] = X[src + k];
  }
}

/** The batch schedule: the sample order of the current pass and the position in it. */
export interface BatchSampler {
  /** Sample indices of the current pass. */
  readonly order: Int32Array;
  /** Start of the next batch in `order`; n when the pass is exhausted. */
  position: number;
}

export function createSampler(n: number): BatchSampler {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return { order, position: n };
}

/**
 * Advances to the next batch of at most b samples, reshuffling at the start of every pass (including the
 * first). Returns the batch's start in sampler.order; its size is min(b, n − start).
 */
export function nextBatch(sampler: BatchSampler, b: number, rng: Stream): number {
  const n = sampler.order.length;
  if (sampler.position >= n) {
    shuffle(sampler.order, rng);
    sampler.position = 0;
  }
  const start = sampler.position;
  sampler.position = Math.min(n, start + b);
  return start;
}
