// Margins of the two-layer network on labelled data: the normalised margin γ̄(W) = min_i y_i f(x_i; W)/‖W‖_F
// of Lyu & Li and Telgarsky (f is 1-homogeneous in W for ReLU with a fixed second layer), classification
// error, and the largest relative dip of a margin trajectory.
import { frobenius } from '../linalg/dense';
import { createWorkspace, forward, type Architecture, type Workspace } from './network';
import { softplusNeg } from './loss';

/** min_i y_i f_i over the first n entries. */
export function minMargin(f: Float64Array, y: Float64Array, n: number): number {
  let q = Infinity;
  for (let i = 0; i < n; i++) {
    const v = y[i] * f[i];
    if (v < q) q = v;
  }
  return q;
}

/** Fraction of the first n samples with y_i f_i ≤ 0 (a tie counts as an error). */
export function classificationError(f: Float64Array, y: Float64Array, n: number): number {
  let e = 0;
  for (let i = 0; i < n; i++) if (!(y[i] * f[i] > 0)) e++;
  return e / n;
}

/** Mean logistic loss (1/n) Σ log(1 + e^{−y_i f_i}). */
export function meanLogistic(f: Float64Array, y: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += softplusNeg(y[i] * f[i]);
  return s / n;
}

export interface MarginState {
  /** Mean logistic loss. */
  loss: number;
  /** min_i y_i f(x_i; W). */
  minMargin: number;
  /** γ̄ = min_i y_i f(x_i; W) / ‖W‖_F. */
  normalized: number;
  /** ‖W‖_F. */
  norm: number;
  /** Training error. */
  error: number;
}

/** Loss, margins and error of (W, a) on n samples; ws must hold n samples (forward only is enough). */
export function marginState(
  net: Architecture, W: Float64Array, a: Float64Array, X: Float64Array, y: Float64Array, n: number,
  ws: Workspace = createWorkspace(n, net.d, net.m, { gradients: false }),
): MarginState {
  const f = forward(net, W, a, X, n, ws);
  const norm = frobenius(W);
  const q = minMargin(f, y, n);
  return { loss: meanLogistic(f, y, n), minMargin: q, normalized: q / norm, norm, error: classificationError(f, y, n) };
}

/** max_{s<t} (γ_s − γ_t)/|γ_s|: the largest relative drop below an earlier value (0 for a nondecreasing series). */
export function maxRelativeDip(series: ArrayLike<number>): number {
  let peak = -Infinity;
  let dip = 0;
  for (let t = 0; t < series.length; t++) {
    const v = series[t];
    if (peak > -Infinity && peak !== 0) dip = Math.max(dip, (peak - v) / Math.abs(peak));
    if (v > peak) peak = v;
  }
  return dip;
}
