// Targets that depend on x ~ N(0, I_d) through a few directions: y = g(Θx) with Θ (k x d) orthonormal rows.
// Single-index (k = 1), multi-index, Hermite He_k(θ·x), staircases and Gaussian sparse parities, plus the
// overlaps of a network's neurons with the target directions (the observables of the dynamics claims).
import { gemmNT } from '../linalg/gemm';
import type { Stream } from '../rng';
import { hermite } from './hermite';

/** A link of one projection z = θ·x. */
export type Link = (z: number) => number;
/** A link of the k projections z = Θx (a view of length k, valid only during the call). */
export type MultiLink = (z: Float64Array) => number;

/**
 * k orthonormal directions in R^d (k x d row-major), uniform on the Stiefel manifold: Gram–Schmidt on
 * Gaussian rows, each projection done twice ("twice is enough", Parlett) so the rows are orthonormal to
 * a few ε whatever the conditioning of the draw.
 */
export function orthonormalDirections(s: Stream, k: number, d: number): Float64Array {
  if (!Number.isInteger(k) || !Number.isInteger(d) || k < 1 || k > d) {
    throw new RangeError(`orthonormalDirections: k = ${k}, d = ${d}; need integers 1 ≤ k ≤ d`);
  }
  const Theta = s.normals(k * d);
  for (let i = 0; i < k; i++) {
    const ri = i * d;
    for (let pass = 0; pass < 2; pass++) {
      for (let l = 0; l < i; l++) {
        const rl = l * d;
        let c = 0;
        for (let j = 0; j < d; j++) c += Theta[ri + j] * Theta[rl + j];
        for (let j = 0; j < d; j++) Theta[ri + j] -= c * Theta[rl + j];
      }
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += Theta[ri + j] ** 2;
    norm = Math.sqrt(norm);
    for (let j = 0; j < d; j++) Theta[ri + j] /= norm;
  }
  return Theta;
}

/** The first k coordinate vectors e_1..e_k of R^d (k x d), for targets on coordinates (sign(x1 x2 x3)). */
export function coordinateDirections(k: number, d: number): Float64Array {
  if (!Number.isInteger(k) || !Number.isInteger(d) || k < 1 || k > d) {
    throw new RangeError(`coordinateDirections: k = ${k}, d = ${d}; need integers 1 ≤ k ≤ d`);
  }
  const Theta = new Float64Array(k * d);
  for (let i = 0; i < k; i++) Theta[i * d + i] = 1;
  return Theta;
}

/** Z = X Θᵀ (n x k row-major): the projections of the n inputs on the k directions. */
export function projections(X: Float64Array, n: number, d: number, Theta: Float64Array, k: number): Float64Array {
  return gemmNT(n, k, d, X, Theta, new Float64Array(n * k));
}

/** y_i = g(Θ x_i), Θ k x d. */
export function multiIndex(X: Float64Array, n: number, d: number, Theta: Float64Array, k: number, g: MultiLink): Float64Array {
  const Z = projections(X, n, d, Theta, k);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = g(Z.subarray(i * k, (i + 1) * k));
  return y;
}

/** y_i = g(θ·x_i), θ of length d. */
export function singleIndex(X: Float64Array, n: number, d: number, theta: Float64Array, g: Link): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    const ri = i * d;
    for (let j = 0; j < d; j++) z += X[ri + j] * theta[j];
    y[i] = g(z);
  }
  return y;
}

/** y_i = He_k(θ·x_i): information exponent k. */
export function hermiteTarget(X: Float64Array, n: number, d: number, theta: Float64Array, k: number): Float64Array {
  return singleIndex(X, n, d, theta, (z) => hermite(k, z));
}

/** g(z) = Σ_l links[l](z_l) · weights[l] (weights default 1): an additive multi-index link. */
export function additiveLink(links: readonly Link[], weights?: readonly number[]): MultiLink {
  return (z) => {
    let s = 0;
    for (let l = 0; l < links.length; l++) s += (weights ? weights[l] : 1) * links[l](z[l]);
    return s;
  };
}

/** The staircase z1 + z1 z2 + ... + z1 ⋯ z_k (Abbe et al.): each level is one degree above the last learned. */
export const staircaseLink: MultiLink = (z) => {
  let s = 0;
  let prod = 1;
  for (let l = 0; l < z.length; l++) {
    prod *= z[l];
    s += prod;
  }
  return s;
};

/** The Gaussian sparse parity sign(z1 ⋯ z_k) (with sign(0) = 0, a null event): no Hermite component below k. */
export const parityLink: MultiLink = (z) => {
  let prod = 1;
  for (let l = 0; l < z.length; l++) prod *= z[l];
  return Math.sign(prod);
};

/** y_i = z1 + z1 z2 + ... over the k projections of x_i. */
export function staircase(X: Float64Array, n: number, d: number, Theta: Float64Array, k: number): Float64Array {
  return multiIndex(X, n, d, Theta, k, staircaseLink);
}

/** y_i = sign(z1 ⋯ z_k) over the k projections of x_i (k = 3: sign(z1 z2 z3)). */
export function sparseParity(X: Float64Array, n: number, d: number, Theta: Float64Array, k: number): Float64Array {
  return multiIndex(X, n, d, Theta, k, parityLink);
}

/**
 * The m x k overlap matrix O_jl = ⟨w_j, θ_l⟩ / ‖w_j‖ (signed; CLAIMS.md's overlap is |O_jl|) of the rows of
 * W (m x d) with the directions Θ (k x d, unit rows). A zero row has overlap 0.
 */
export function overlapMatrix(W: Float64Array, m: number, d: number, Theta: Float64Array, k: number): Float64Array {
  const O = gemmNT(m, k, d, W, Theta, new Float64Array(m * k));
  for (let j = 0; j < m; j++) {
    let norm = 0;
    for (let q = 0; q < d; q++) norm += W[j * d + q] ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let l = 0; l < k; l++) O[j * k + l] *= inv;
  }
  return O;
}

/** cos(w_j, θ) = |⟨w_j, θ⟩| / ‖w_j‖ for each of the m rows of W, θ a unit vector. */
export function cosines(W: Float64Array, m: number, d: number, theta: Float64Array): Float64Array {
  const O = overlapMatrix(W, m, d, theta, 1);
  for (let j = 0; j < m; j++) O[j] = Math.abs(O[j]);
  return O;
}
