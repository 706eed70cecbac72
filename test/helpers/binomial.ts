// Synthetic pass counts with a known threshold: for the tests of what locates one.
import type { Stream } from '../../src/core/rng';

/** P(pass) = 1/(1 + exp(−slope·(t − t50))): rising for slope > 0, falling for slope < 0. */
export function logistic(t: number, t50: number, slope: number): number {
  return 1 / (1 + Math.exp(-slope * (t - t50)));
}

/** Passes of `runs` trials at each t, each trial passing with probability rate(t). */
export function drawPasses(s: Stream, ts: readonly number[], runs: number, rate: (t: number) => number): Float64Array {
  return Float64Array.from(ts, (t) => {
    const p = rate(t);
    let passes = 0;
    for (let i = 0; i < runs; i++) if (s.uniform() < p) passes++;
    return passes;
  });
}
