// The probe of a run: signed cosines ⟨w_j, θ⟩/‖w_j‖ of the rows of W with a unit direction θ, recorded in a
// preallocated buffer (measuring and recording allocate nothing), and the early stop on the first crossing.
import type { ProbeSpec } from '../../contract/trainer';

export interface Probe {
  /** Measures the cosines of W's rows; true when one of them exceeds stopAbove. */
  measure(W: Float64Array): boolean;
  /** Records the last measurement as step t (once per step). */
  record(t: number): void;
  /** overlap[k][j] for the recorded steps, in order. */
  trace(): number[][];
}

/** Row cosines of W (m x d) with θ into out (length m); a zero row has cosine 0. */
export function rowCosines(W: Float64Array, m: number, d: number, theta: Float64Array, out: Float64Array): Float64Array {
  for (let j = 0; j < m; j++) {
    const o = j * d;
    let dot = 0;
    let q = 0;
    for (let k = 0; k < d; k++) {
      const w = W[o + k];
      dot += w * theta[k];
      q += w * w;
    }
    out[j] = q > 0 ? dot / Math.sqrt(q) : 0;
  }
  return out;
}

/** A probe for at most `capacity` recorded steps. */
export function createProbe(spec: ProbeSpec, m: number, d: number, capacity: number): Probe {
  const { direction, stopAbove } = spec;
  const current = new Float64Array(m);
  const buffer = new Float64Array(capacity * m);
  let count = 0;
  let last = -1;
  return {
    measure(W) {
      rowCosines(W, m, d, direction, current);
      if (stopAbove === undefined) return false;
      for (let j = 0; j < m; j++) if (current[j] > stopAbove) return true;
      return false;
    },
    record(t) {
      if (t === last) return;
      buffer.set(current, count * m);
      count++;
      last = t;
    },
    trace() {
      const rows: number[][] = [];
      for (let k = 0; k < count; k++) rows.push(Array.from(buffer.subarray(k * m, (k + 1) * m)));
      return rows;
    },
  };
}
