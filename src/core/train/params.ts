// What a training loop updates, and the shape of one update step: shared by the full-batch loops and one-pass SGD.

/** The trained parameters; r holds the norms under the norm-only constraint (w_j = r_j u_j). */
export interface Params {
  W: Float64Array;
  a: Float64Array;
  r: Float64Array;
}

/** from → to one gradient step of size η, constraint included; `to` may be `from` (in place). */
export type Update = (eta: number, from: Params, to: Params, gW: Float64Array, ga: Float64Array) => void;
