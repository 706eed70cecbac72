// Least squares and ridge regression on row-major Float64Array data X (n x d), labels y (n).
// Minimum-norm least squares goes through a Householder QR (of X when n ≥ d, of Xᵀ when n < d) and falls
// back to the SVD pseudo-inverse when the triangular factor is numerically singular; ridge solves its
// (always positive definite) normal equations by Cholesky, in the primal or the dual, whichever is smaller.
import { dense } from './dense';
import { rankTolerance, svd } from './decompositions';
import { gemmNT, gemmTN, gemvT } from './gemm';

export interface LeastSquaresFit {
  /** The minimum-norm minimiser of ‖Xw − y‖. */
  w: Float64Array;
  /** Numerical rank of X. */
  rank: number;
  /** Estimated condition number σ_max / σ_min of X restricted to its rank (Infinity when rank-deficient through QR). */
  cond: number;
  method: 'qr' | 'svd';
}

/**
 * argmin ‖w‖ over argmin ‖Xw − y‖ (X n x d row-major). Full-rank X goes through QR; when the QR factor's
 * estimated condition number reaches 1 / (max(n, d)·ε), i.e. when X is rank-deficient to working precision,
 * the SVD pseudo-inverse with numpy's rank tolerance σ_max·max(n, d)·ε decides the rank instead.
 */
export function leastSquares(X: Float64Array, n: number, d: number, y: Float64Array): LeastSquaresFit {
  checkShapes(X, n, d, y);
  const k = Math.min(n, d);
  // A = X (n x d) when tall, Xᵀ (d x n) when wide: either way rows ≥ cols = k.
  const tall = n >= d;
  const rows = tall ? n : d;
  const A = tall ? X.slice() : transposeOf(X, n, d);
  const tau = householderQr(A, rows, k);
  const cond = triangularCondition(A, k, k);
  if (!(cond * Math.max(n, d) * Number.EPSILON < 1)) return pseudoInverseFit(X, n, d, y);
  const w = new Float64Array(d);
  if (tall) {
    // X = QR: w = R⁻¹ (Qᵀy)[0..d).
    const qty = y.slice();
    applyQt(A, rows, k, tau, qty);
    backSolve(A, k, k, qty, w);
  } else {
    // Xᵀ = QR, X = RᵀQᵀ: the minimum-norm solution is w = Q z with Rᵀ z = y.
    const z = new Float64Array(d);
    forwardSolveTransposed(A, k, k, y, z);
    applyQ(A, rows, k, tau, z);
    w.set(z);
  }
  return { w, rank: k, cond, method: 'qr' };
}

/**
 * Ridge with the penalty normalised by n: argmin (1/n)‖Xw − y‖² + λ‖w‖² = (XᵀX + nλI)⁻¹ Xᵀy
 * = Xᵀ(XXᵀ + nλI)⁻¹ y (the dual, used when n < d). λ > 0 keeps the system positive definite.
 */
export function ridge(X: Float64Array, n: number, d: number, y: Float64Array, lambda: number): Float64Array {
  checkShapes(X, n, d, y);
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`ridge: lambda must be a finite number > 0, got ${lambda}`);
  const shift = n * lambda;
  // The Gram matrices and Xᵀ·v through the kernel layer: each entry a sum in increasing sample order.
  if (n >= d) {
    const G = gemmTN(d, d, n, X, X, new Float64Array(d * d));
    for (let a = 0; a < d; a++) G[a * d + a] += shift;
    return choleskySolve(G, d, gemvT(n, d, X, y, new Float64Array(d)));
  }
  const K = gemmNT(n, n, d, X, X, new Float64Array(n * n));
  for (let i = 0; i < n; i++) K[i * n + i] += shift;
  const c = choleskySolve(K, n, y.slice());
  return gemvT(n, d, X, c, new Float64Array(d));
}

/**
 * Ridge with an unpenalised intercept: argmin over (w, b) of (1/n)‖Xw + b − y‖² + λ‖w‖². Centering X's
 * columns and y removes b; then b = ȳ − x̄·w, so the residuals sum to zero.
 */
export function ridgeWithIntercept(X: Float64Array, n: number, d: number, y: Float64Array, lambda: number): { w: Float64Array; b: number } {
  checkShapes(X, n, d, y);
  const xMean = new Float64Array(d);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    yMean += y[i];
    for (let a = 0; a < d; a++) xMean[a] += X[i * d + a];
  }
  yMean /= n;
  for (let a = 0; a < d; a++) xMean[a] /= n;
  const Xc = new Float64Array(n * d);
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    yc[i] = y[i] - yMean;
    for (let a = 0; a < d; a++) Xc[i * d + a] = X[i * d + a] - xMean[a];
  }
  const w = ridge(Xc, n, d, yc, lambda);
  let b = yMean;
  for (let a = 0; a < d; a++) b -= xMean[a] * w[a];
  return { w, b };
}

/** (1/n)‖y − Xw‖²: the training mean squared error. */
export function meanSquaredResidual(X: Float64Array, n: number, d: number, y: Float64Array, w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let a = 0; a < d; a++) f += X[i * d + a] * w[a];
    const r = y[i] - f;
    s += r * r;
  }
  return s / n;
}

function checkShapes(X: Float64Array, n: number, d: number, y: Float64Array): void {
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(d) && d >= 1)) throw new RangeError(`least squares: n and d must be integers ≥ 1, got n = ${n}, d = ${d}`);
  if (X.length !== n * d) throw new RangeError(`least squares: X must have n·d = ${n * d} entries, got ${X.length}`);
  if (y.length !== n) throw new RangeError(`least squares: y must have n = ${n} entries, got ${y.length}`);
}

function transposeOf(X: Float64Array, n: number, d: number): Float64Array {
  const T = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) T[a * n + i] = X[i * d + a];
  return T;
}

/**
 * In-place Householder QR of A (rows x cols, row-major, rows ≥ cols): R in the upper triangle, the
 * reflector v_k (with v_k[k] = 1 implicit) below the diagonal of column k; returns the factors τ_k of
 * H_k = I − τ_k v_k v_kᵀ (LAPACK's dgeqrf layout).
 */
function householderQr(A: Float64Array, rows: number, cols: number): Float64Array {
  const tau = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    let norm2 = 0;
    for (let i = k + 1; i < rows; i++) norm2 += A[i * cols + k] ** 2;
    const alpha = A[k * cols + k];
    if (norm2 === 0) continue; // column already reduced: H_k = I
    const beta = -Math.sign(alpha || 1) * Math.sqrt(alpha * alpha + norm2);
    tau[k] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = k + 1; i < rows; i++) A[i * cols + k] *= scale;
    A[k * cols + k] = beta;
    // The trailing columns take H_k four at a time: four sums in flight, each still in increasing i.
    let j = k + 1;
    for (; j + 4 <= cols; j += 4) {
      const top = k * cols + j;
      let s0 = A[top], s1 = A[top + 1], s2 = A[top + 2], s3 = A[top + 3];
      for (let i = k + 1; i < rows; i++) {
        const vi = A[i * cols + k];
        const at = i * cols + j;
        s0 += vi * A[at];
        s1 += vi * A[at + 1];
        s2 += vi * A[at + 2];
        s3 += vi * A[at + 3];
      }
      s0 *= tau[k];
      s1 *= tau[k];
      s2 *= tau[k];
      s3 *= tau[k];
      A[top] -= s0;
      A[top + 1] -= s1;
      A[top + 2] -= s2;
      A[top + 3] -= s3;
      for (let i = k + 1; i < rows; i++) {
        const vi = A[i * cols + k];
        const at = i * cols + j;
        A[at] -= s0 * vi;
        A[at + 1] -= s1 * vi;
        A[at + 2] -= s2 * vi;
        A[at + 3] -= s3 * vi;
      }
    }
    for (; j < cols; j++) {
      let s = A[k * cols + j];
      for (let i = k + 1; i < rows; i++) s += A[i * cols + k] * A[i * cols + j];
      s *= tau[k];
      A[k * cols + j] -= s;
      for (let i = k + 1; i < rows; i++) A[i * cols + j] -= s * A[i * cols + k];
    }
  }
  return tau;
}

/** b ← Qᵀ b = H_{k−1} ··· H_0 b. */
function applyQt(A: Float64Array, rows: number, cols: number, tau: Float64Array, b: Float64Array): void {
  for (let k = 0; k < cols; k++) reflect(A, rows, cols, tau[k], k, b);
}

/** b ← Q b = H_0 ··· H_{k−1} b. */
function applyQ(A: Float64Array, rows: number, cols: number, tau: Float64Array, b: Float64Array): void {
  for (let k = cols - 1; k >= 0; k--) reflect(A, rows, cols, tau[k], k, b);
}

function reflect(A: Float64Array, rows: number, cols: number, tau: number, k: number, b: Float64Array): void {
  if (tau === 0) return;
  let s = b[k];
  for (let i = k + 1; i < rows; i++) s += A[i * cols + k] * b[i];
  s *= tau;
  b[k] -= s;
  for (let i = k + 1; i < rows; i++) b[i] -= s * A[i * cols + k];
}

/** Solves R x = b for the upper-triangular k x k block of A (row stride cols). */
function backSolve(A: Float64Array, k: number, cols: number, b: Float64Array, x: Float64Array): void {
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < k; j++) s -= A[i * cols + j] * x[j];
    x[i] = s / A[i * cols + i];
  }
}

/** Solves Rᵀ x = b for the upper-triangular k x k block R of A (row stride cols). */
function forwardSolveTransposed(A: Float64Array, k: number, cols: number, b: Float64Array, x: Float64Array): void {
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= A[j * cols + i] * x[j];
    x[i] = s / A[i * cols + i];
  }
}

/** Power iterations for the condition estimate: a lower bound on σ_max / σ_min, tight to a few percent. */
const CONDITION_ITERATIONS = 12;

/**
 * σ_max(R) / σ_min(R) of the upper-triangular k x k block, estimated by power iteration on RᵀR and on
 * (RᵀR)⁻¹ (two triangular solves a step); Infinity when a diagonal entry is zero.
 */
function triangularCondition(A: Float64Array, k: number, cols: number): number {
  for (let i = 0; i < k; i++) if (A[i * cols + i] === 0 || !Number.isFinite(A[i * cols + i])) return Infinity;
  const x = new Float64Array(k);
  const t = new Float64Array(k);
  // A fixed start with no special alignment: the iterations stay deterministic.
  const start = () => {
    for (let i = 0; i < k; i++) x[i] = 1 + i / k;
    normalise(x);
  };
  start();
  let sMax = 0;
  for (let it = 0; it < CONDITION_ITERATIONS; it++) {
    // t = R x, x = Rᵀ t.
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = i; j < k; j++) s += A[i * cols + j] * x[j];
      t[i] = s;
    }
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let i = 0; i <= j; i++) s += A[i * cols + j] * t[i];
      x[j] = s;
    }
    sMax = Math.sqrt(normalise(x));
  }
  start();
  let invMin = 0;
  for (let it = 0; it < CONDITION_ITERATIONS; it++) {
    // x ← R⁻¹ R⁻ᵀ x.
    forwardSolveTransposed(A, k, cols, x, t);
    backSolve(A, k, cols, t, x);
    const g = normalise(x);
    if (!Number.isFinite(g)) return Infinity;
    invMin = Math.sqrt(g);
  }
  return sMax * invMin;
}

/** Scales x to unit norm, returning its norm before scaling. */
function normalise(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  const norm = Math.sqrt(s);
  if (norm > 0 && Number.isFinite(norm)) for (let i = 0; i < x.length; i++) x[i] /= norm;
  return norm;
}

/** w = V Σ⁺ Uᵀ y over the singular values above numpy's rank tolerance. */
function pseudoInverseFit(X: Float64Array, n: number, d: number, y: Float64Array): LeastSquaresFit {
  const { U, s, V } = svd(dense(n, d, X));
  const r = s.length;
  const tol = rankTolerance(s, n, d);
  const w = new Float64Array(d);
  let rank = 0;
  for (let c = 0; c < r; c++) {
    if (!(s[c] > tol)) continue;
    rank++;
    let uy = 0;
    for (let i = 0; i < n; i++) uy += U.data[i * r + c] * y[i];
    const coef = uy / s[c];
    for (let a = 0; a < d; a++) w[a] += coef * V.data[a * r + c];
  }
  return { w, rank, cond: rank > 0 ? s[0] / s[rank - 1] : Infinity, method: 'svd' };
}

/** Solves S x = b for symmetric positive definite S (k x k) by Cholesky; S and b are overwritten. */
function choleskySolve(S: Float64Array, k: number, b: Float64Array): Float64Array {
  for (let j = 0; j < k; j++) {
    let diag = S[j * k + j];
    for (let p = 0; p < j; p++) diag -= S[j * k + p] ** 2;
    if (!(diag > 0)) throw new RangeError('ridge: the regularised system is not positive definite (non-finite data?)');
    const l = Math.sqrt(diag);
    S[j * k + j] = l;
    for (let i = j + 1; i < k; i++) {
      let s = S[i * k + j];
      for (let p = 0; p < j; p++) s -= S[i * k + p] * S[j * k + p];
      S[i * k + j] = s / l;
    }
  }
  // L z = b, then Lᵀ x = z, with L in the lower triangle.
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let p = 0; p < i; p++) s -= S[i * k + p] * b[p];
    b[i] = s / S[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i];
    for (let p = i + 1; p < k; p++) s -= S[p * k + i] * b[p];
    b[i] = s / S[i * k + i];
  }
  return b;
}
