// Gaussian matrices, Haar-random orthogonal matrices and Gaussian inputs, all drawn from a Stream so every
// instance is a pure function of its seed.
import { QrDecomposition } from 'ml-matrix';
import { dense, fromMatrix, toMatrix } from '../linalg';
import type { Stream } from '../rng';

/** rows x cols row-major, i.i.d. N(0, scale²) entries. */
export function gaussianMatrix(s: Stream, rows: number, cols: number, scale = 1): Float64Array {
  return s.normals(rows * cols, scale);
}

/** Inputs X (n x d row-major), rows x_i ~ N(0, I_d) i.i.d. */
export function gaussianInputs(s: Stream, n: number, d: number): Float64Array {
  return gaussianMatrix(s, n, d);
}

/**
 * A Haar-distributed n x n orthogonal matrix (row-major): Q of the QR decomposition of a Gaussian matrix,
 * with column j multiplied by sign(R_jj). Without the sign fix the distribution depends on the QR
 * implementation's sign convention and is not Haar (Mezzadri 2007).
 */
export function randomOrthogonal(s: Stream, n: number): Float64Array {
  const qr = new QrDecomposition(toMatrix(dense(n, n, gaussianMatrix(s, n, n))));
  const Q = fromMatrix(qr.orthogonalMatrix).data;
  const R = qr.upperTriangularMatrix;
  for (let j = 0; j < n; j++) {
    if (R.get(j, j) >= 0) continue;
    for (let i = 0; i < n; i++) Q[i * n + j] = -Q[i * n + j];
  }
  return Q;
}
