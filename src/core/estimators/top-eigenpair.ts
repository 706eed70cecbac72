// The largest eigenvalue of a symmetric matrix and its eigenvector, without a full eigendecomposition:
// Householder tridiagonalisation (Golub & Van Loan §8.3.1), bisection on the Sturm count of the tridiagonal
// for λ_max, inverse iteration on the tridiagonal for its eigenvector (LAPACK dgtsv's pivoted elimination),
// and the reflectors applied back. Estimators call this once per dataset, so it runs on plain Float64Arrays.
import { gemvJs } from '../linalg/gemm-js';

export interface Eigenpair {
  value: number;
  /** Unit eigenvector. */
  vector: Float64Array;
}

/**
 * λ_max of the symmetric n x n matrix A (row-major; only its lower triangle is read) and, unless
 * `vector: false`, a unit eigenvector. A is not modified. λ_max is accurate to a few ε‖A‖; the vector
 * spans the top eigenspace when the top eigenvalue is (numerically) repeated.
 */
export function topEigenpair(A: Float64Array, n: number, options: { vector?: boolean } = {}): Eigenpair {
  if (!(Number.isInteger(n) && n >= 1) || A.length !== n * n) throw new RangeError(`topEigenpair: A must be n x n with n ≥ 1, got ${A.length} entries for n = ${n}`);
  const wantVector = options.vector ?? true;
  const M = A.slice();
  // Symmetrise from the lower triangle so rounding asymmetry in the input cannot matter.
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) M[i * n + j] = M[j * n + i];
  const diag = new Float64Array(n);
  const off = new Float64Array(Math.max(0, n - 1));
  const reflectors = tridiagonalise(M, n, diag, off);
  const value = largestTridiagonalEigenvalue(diag, off, n);
  if (!wantVector) return { value, vector: new Float64Array(0) };
  const x = tridiagonalEigenvector(diag, off, n, value);
  // x ← H_0 H_1 ⋯ H_{n−3} x.
  for (let k = reflectors.length - 1; k >= 0; k--) {
    const v = reflectors[k];
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * x[k + 1 + i];
    s *= 2;
    for (let i = 0; i < v.length; i++) x[k + 1 + i] -= s * v[i];
  }
  normalise(x);
  return { value, vector: x };
}

/**
 * Reduces the symmetric M (overwritten) to tridiagonal form T = Qᵀ M Q, Q = H_0 ⋯ H_{n−3}, H_k = I − 2 v_k v_kᵀ
 * acting on coordinates k+1..n−1. Returns the unit vectors v_k; fills T's diagonal and off-diagonal.
 */
function tridiagonalise(M: Float64Array, n: number, diag: Float64Array, off: Float64Array): Float64Array[] {
  const reflectors: Float64Array[] = [];
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const m = n - k - 1;
    let norm2 = 0;
    for (let i = 0; i < m; i++) norm2 += M[(k + 1 + i) * n + k] ** 2;
    const x0 = M[(k + 1) * n + k];
    const alpha = -Math.sign(x0 || 1) * Math.sqrt(norm2);
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = M[(k + 1 + i) * n + k];
    v[0] -= alpha;
    let vNorm2 = 0;
    for (let i = 0; i < m; i++) vNorm2 += v[i] * v[i];
    reflectors.push(v);
    if (vNorm2 === 0) {
      // The column is already reduced: H_k = I (v stays zero).
      off[k] = x0;
      continue;
    }
    const inv = 1 / Math.sqrt(vNorm2);
    for (let i = 0; i < m; i++) v[i] *= inv;
    // M_sub ← H M_sub H = M_sub − 2 v wᵀ − 2 w vᵀ with p = M_sub v, w = p − (vᵀp) v.
    // p = M_sub v, M_sub the trailing block (rows n apart).
    gemvJs(m, m, M.subarray((k + 1) * n + k + 1), v, p, n);
    let K = 0;
    for (let q = 0; q < m; q++) K += v[q] * p[q];
    for (let i = 0; i < m; i++) p[i] -= K * v[i];
    for (let i = 0; i < m; i++) {
      const row = (k + 1 + i) * n + k + 1;
      const vi = 2 * v[i];
      const wi = 2 * p[i];
      for (let j = 0; j < m; j++) M[row + j] -= vi * p[j] + wi * v[j];
    }
    off[k] = alpha;
  }
  for (let i = 0; i < n; i++) diag[i] = M[i * n + i];
  if (n >= 2) off[n - 2] = M[(n - 1) * n + n - 2];
  return reflectors;
}

/** The number of eigenvalues of the tridiagonal (diag, off) below x (Sturm sequence of the LDLᵀ pivots). */
function countBelow(diag: Float64Array, off: Float64Array, n: number, x: number, tiny: number): number {
  let count = 0;
  let q = diag[0] - x;
  if (q === 0) q = -tiny;
  if (q < 0) count++;
  for (let i = 1; i < n; i++) {
    q = diag[i] - x - (off[i - 1] * off[i - 1]) / q;
    if (q === 0) q = -tiny;
    if (q < 0) count++;
  }
  return count;
}

/** Bisection between Gershgorin bounds until the bracket is a few ulps wide. */
function largestTridiagonalEigenvalue(diag: Float64Array, off: Float64Array, n: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < n - 1 ? Math.abs(off[i]) : 0);
    lo = Math.min(lo, diag[i] - r);
    hi = Math.max(hi, diag[i] + r);
    scale = Math.max(scale, Math.abs(diag[i]) + r);
  }
  if (scale === 0) return 0;
  // A zero pivot is nudged to a negligible negative value, as LAPACK's dstebz does.
  const tiny = Number.EPSILON * Number.EPSILON * scale;
  // Invariant: count(lo) ≤ n − 1 (λ_max ≥ lo), count(hi) = n (λ_max < hi).
  lo -= Number.EPSILON * scale;
  hi += Number.EPSILON * scale;
  for (let it = 0; it < 200 && hi - lo > 2 * Number.EPSILON * scale; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (countBelow(diag, off, n, mid, tiny) === n) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** Inverse iterations: with λ accurate to ε‖T‖ the first solve already lands on the eigenvector; two more polish it. */
const INVERSE_ITERATIONS = 3;

/** An eigenvector of the tridiagonal for the eigenvalue λ, by inverse iteration on T − λI. */
function tridiagonalEigenvector(diag: Float64Array, off: Float64Array, n: number, lambda: number): Float64Array {
  const x = new Float64Array(n);
  if (n === 1) {
    x[0] = 1;
    return x;
  }
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(diag[i]) + (i < n - 1 ? Math.abs(off[i]) : 0));
  // A start with no special alignment to any eigenvector.
  for (let i = 0; i < n; i++) x[i] = 1 + (0.618033988749895 * (i + 1)) % 1;
  normalise(x);
  const d = new Float64Array(n);
  const dl = new Float64Array(n - 1);
  const du = new Float64Array(n - 1);
  for (let it = 0; it < INVERSE_ITERATIONS; it++) {
    for (let i = 0; i < n; i++) d[i] = diag[i] - lambda;
    dl.set(off);
    du.set(off);
    solveTridiagonal(dl, d, du, x, n, Number.EPSILON * (scale || 1));
    normalise(x);
  }
  return x;
}

/**
 * Solves the tridiagonal system (sub dl, diagonal d, super du) in place into b, by Gaussian elimination with
 * partial pivoting (LAPACK dgtsv). A zero pivot, which inverse iteration at an exact eigenvalue produces,
 * is replaced by `tiny`, as LAPACK's inverse iteration does.
 */
function solveTridiagonal(dl: Float64Array, d: Float64Array, du: Float64Array, b: Float64Array, n: number, tiny: number): void {
  for (let i = 0; i < n - 1; i++) {
    if (Math.abs(d[i]) >= Math.abs(dl[i])) {
      if (d[i] === 0) d[i] = tiny;
      const fact = dl[i] / d[i];
      d[i + 1] -= fact * du[i];
      b[i + 1] -= fact * b[i];
      dl[i] = 0;
    } else {
      const fact = d[i] / dl[i];
      d[i] = dl[i];
      const temp = d[i + 1];
      d[i + 1] = du[i] - fact * temp;
      if (i < n - 2) {
        dl[i] = du[i + 1];
        du[i + 1] = -fact * dl[i];
      } else {
        dl[i] = 0;
      }
      du[i] = temp;
      const tb = b[i];
      b[i] = b[i + 1];
      b[i + 1] = tb - fact * b[i + 1];
    }
  }
  if (d[n - 1] === 0) d[n - 1] = tiny;
  b[n - 1] /= d[n - 1];
  if (n > 1) b[n - 2] = (b[n - 2] - du[n - 2] * b[n - 1]) / d[n - 2];
  // After elimination dl[i] holds the second superdiagonal (fill-in of the row interchanges).
  for (let i = n - 3; i >= 0; i--) b[i] = (b[i] - du[i] * b[i + 1] - dl[i] * b[i + 2]) / d[i];
}

function normalise(x: Float64Array): void {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  const norm = Math.sqrt(s);
  if (!(norm > 0) || !Number.isFinite(norm)) {
    // Overflowed or vanished: rescale by the largest entry first.
    let max = 0;
    for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]));
    if (!(max > 0) || !Number.isFinite(max)) return;
    for (let i = 0; i < x.length; i++) x[i] /= max;
    normalise(x);
    return;
  }
  for (let i = 0; i < x.length; i++) x[i] /= norm;
}
