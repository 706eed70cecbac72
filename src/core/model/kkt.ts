// KKT points of the margin problem of Lyu & Li: min ½‖W‖² s.t. y_i f(x_i; W) ≥ 1, for the network
// f = s(m) Σ_j a_j relu(w_j·x) with a fixed (1-homogeneous in W). W is a KKT point when, for multipliers λ ≥ 0
// carried by the samples at the smallest margin, W = Σ_i λ_i y_i h_i with h_i in the Clarke subdifferential of
// f(x_i; ·) at W. The gradient below takes relu'(0) = 0, an element of [0, 1]: a zero row of W is then
// stationary whatever λ is, which is what lets a few live neurons make a KKT point of the whole network.
import { frobenius } from '../linalg/dense';
import { backward, createWorkspace, forward, type Architecture } from './network';

/** Outputs f(x_i; W) and Σ_i λ_i y_i ∇_W f(x_i; W) (m x d, relu'(0) = 0) from one forward and one backward. */
function outputsAndGradient(
  net: Architecture, W: Float64Array, a: Float64Array, X: Float64Array, y: Float64Array, n: number, lambda: Float64Array,
): { f: Float64Array; g: Float64Array } {
  const ws = createWorkspace(n, net.d, net.m, { gradients: true });
  const f = forward(net, W, a, X, n, ws).slice(0, n);
  // backward returns ∂L/∂W for ∂L/∂f = r; with r_i = λ_i y_i that is the weighted sum of ∇_W f(x_i; W).
  for (let i = 0; i < n; i++) ws.r[i] = lambda[i] * y[i];
  backward(net, a, X, n, ws, true, false);
  return { f, g: ws.gW.slice(0, net.m * net.d) };
}

/** Σ_i λ_i y_i ∇_W f(x_i; W) (m x d), relu'(0) = 0. */
export function marginGradient(
  net: Architecture, W: Float64Array, a: Float64Array, X: Float64Array, y: Float64Array, n: number, lambda: Float64Array,
): Float64Array {
  return outputsAndGradient(net, W, a, X, y, n, lambda).g;
}

export interface KktCertificate {
  /** ‖W − μ g‖_F / ‖W‖_F with g = Σ λ_i y_i ∇f_i and μ ≥ 0 the best scale (stationarity, relative). */
  residual: number;
  /** The scale μ that the multipliers λ take to match W. */
  scale: number;
  /** (max − min)/min of y_i f(x_i; W) over the samples with λ_i > 0 (complementary slackness, relative). */
  spread: number;
  /** min_i y_i f(x_i; W) over all samples. */
  minMargin: number;
}

/** How far W is from a KKT point of the margin problem with the multipliers λ (any positive scale of λ). */
export function kktCertificate(
  net: Architecture, W: Float64Array, a: Float64Array, X: Float64Array, y: Float64Array, n: number, lambda: Float64Array,
): KktCertificate {
  const { f, g } = outputsAndGradient(net, W, a, X, y, n, lambda);
  let wg = 0;
  let gg = 0;
  for (let k = 0; k < g.length; k++) {
    wg += W[k] * g[k];
    gg += g[k] * g[k];
  }
  const scale = gg > 0 ? Math.max(0, wg / gg) : 0;
  let r2 = 0;
  for (let k = 0; k < g.length; k++) r2 += (W[k] - scale * g[k]) ** 2;
  let lo = Infinity;
  let hi = -Infinity;
  let minMargin = Infinity;
  for (let i = 0; i < n; i++) {
    const q = y[i] * f[i];
    minMargin = Math.min(minMargin, q);
    if (lambda[i] > 0) {
      lo = Math.min(lo, q);
      hi = Math.max(hi, q);
    }
  }
  return { residual: Math.sqrt(r2) / frobenius(W), scale, spread: lo > 0 ? (hi - lo) / lo : Infinity, minMargin };
}
