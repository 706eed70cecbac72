// The bridge to ml-matrix: decompositions are called rarely and on small matrices, so correctness and a
// well-tested implementation matter more than speed here.
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition, solve as mlSolve } from 'ml-matrix';
import { dense, type Dense } from './dense';

export function toMatrix(a: Dense): Matrix {
  const m = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) m.set(i, j, a.data[i * a.cols + j]);
  return m;
}

export function fromMatrix(m: Matrix): Dense {
  const out = dense(m.rows, m.columns);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) out.data[i * m.columns + j] = m.get(i, j);
  return out;
}

export interface Svd {
  /** rows x r left singular vectors as columns, r = min(rows, cols). */
  U: Dense;
  /** Singular values, descending. */
  s: Float64Array;
  /** cols x r right singular vectors as columns. */
  V: Dense;
}

/** Thin SVD. ml-matrix needs rows >= cols, so wide matrices go through their transpose. */
export function svd(a: Dense): Svd {
  const wide = a.rows < a.cols;
  const m = toMatrix(a);
  const dec = new SingularValueDecomposition(wide ? m.transpose() : m, { autoTranspose: false });
  const U = fromMatrix(dec.leftSingularVectors);
  const V = fromMatrix(dec.rightSingularVectors);
  const s = Float64Array.from(dec.diagonal);
  const r = Math.min(a.rows, a.cols);
  const thin = (x: Dense) => (x.cols === r ? x : fromMatrix(toMatrix(x).subMatrix(0, x.rows - 1, 0, r - 1)));
  return wide ? { U: thin(V), s: s.subarray(0, r), V: thin(U) } : { U: thin(U), s: s.subarray(0, r), V: thin(V) };
}

export function singularValues(a: Dense): Float64Array {
  return svd(a).s;
}

export interface SymEig {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** n x n, eigenvector i in column i. */
  vectors: Dense;
}

/** Eigen-decomposition of a symmetric matrix (symmetrised first, so rounding asymmetry does not matter). */
export function symEig(a: Dense): SymEig {
  if (a.rows !== a.cols) throw new RangeError(`symEig: matrix is ${a.rows}x${a.cols}, must be square`);
  const n = a.rows;
  const sym = dense(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym.data[i * n + j] = 0.5 * (a.data[i * n + j] + a.data[j * n + i]);
  const dec = new EigenvalueDecomposition(toMatrix(sym), { assumeSymmetric: true });
  const raw = dec.realEigenvalues;
  const order = raw.map((_, i) => i).sort((i, j) => raw[i] - raw[j]);
  const vecs = dec.eigenvectorMatrix;
  const vectors = dense(n, n);
  order.forEach((src, dst) => {
    for (let i = 0; i < n; i++) vectors.data[i * n + dst] = vecs.get(i, src);
  });
  return { values: Float64Array.from(order.map((i) => raw[i])), vectors };
}

/** The default numerical-rank tolerance of LAPACK/numpy: σ_max · max(rows, cols) · ε. */
export function rankTolerance(s: ArrayLike<number>, rows: number, cols: number): number {
  return (s.length > 0 ? s[0] : 0) * Math.max(rows, cols) * Number.EPSILON;
}

/** Numerical rank: the number of singular values above tolerance (default: rankTolerance). */
export function numericalRank(a: Dense, tolerance?: number): number {
  const s = singularValues(a);
  const tol = tolerance ?? rankTolerance(s, a.rows, a.cols);
  let r = 0;
  for (const v of s) if (v > tol) r++;
  return r;
}

/** Solves A x = b (least squares when A is not square). */
export function solve(a: Dense, b: Float64Array): Float64Array {
  const x = mlSolve(toMatrix(a), Matrix.columnVector(Array.from(b)), a.rows !== a.cols);
  return Float64Array.from(x.getColumn(0));
}

/** Orthonormal basis of the null space of A (columns of the returned cols x k matrix). */
export function nullSpace(a: Dense, tolerance?: number): Dense {
  // Pad short matrices with zero rows so the SVD returns the full right basis.
  const padded = a.rows >= a.cols ? a : dense(a.cols, a.cols, concat(a.data, new Float64Array((a.cols - a.rows) * a.cols)));
  const { s, V } = svd(padded);
  const sA = singularValues(a);
  const tol = tolerance ?? rankTolerance(sA, a.rows, a.cols);
  const keep: number[] = [];
  for (let i = 0; i < s.length; i++) if (s[i] <= tol) keep.push(i);
  const out = dense(a.cols, keep.length);
  keep.forEach((col, k) => {
    for (let i = 0; i < a.cols; i++) out.data[i * keep.length + k] = V.data[i * V.cols + col];
  });
  return out;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
