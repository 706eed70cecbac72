// Probabilists' Hermite polynomials He_k (orthogonal under z ~ N(0, 1): E[He_j He_k] = k! δ_jk), Gauss–Hermite
// quadrature for the standard normal, and the Hermite expansion of a link function g.
//
// Normalisation: g = Σ_k c_k He_k with the expansion coefficient c_k = E[g(z) He_k(z)] / k! (hermiteCoefficient);
// the inner product E[g(z) He_k(z)] = k!·c_k is hermiteMoment. The μ1(g) = E[g(z) z] of CLAIMS.md is either
// (1! = 1); for k ≥ 2 say which one you mean.
import { dense, symEig } from '../linalg';

/** He_k(z) by the three-term recurrence He_{k+1} = z He_k − k He_{k−1} (He_0 = 1, He_1 = z). */
export function hermite(k: number, z: number): number {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`hermite: k = ${k}, must be an integer ≥ 0`);
  if (k === 0) return 1;
  let prev = 1;
  let cur = z;
  for (let j = 1; j < k; j++) {
    const next = z * cur - j * prev;
    prev = cur;
    cur = next;
  }
  return cur;
}

/** out[j] = He_j(z) for j = 0..kMax (out of length ≥ kMax + 1; allocated when omitted). */
export function hermiteAll(kMax: number, z: number, out = new Float64Array(kMax + 1)): Float64Array {
  out[0] = 1;
  if (kMax >= 1) out[1] = z;
  for (let j = 1; j < kMax; j++) out[j + 1] = z * out[j] - j * out[j - 1];
  return out;
}

/** He_k'(z) = k He_{k−1}(z). */
export function hermitePrime(k: number, z: number): number {
  return k === 0 ? 0 : k * hermite(k - 1, z);
}

/** k! as a double (exact up to k = 22). */
export function factorial(k: number): number {
  let f = 1;
  for (let j = 2; j <= k; j++) f *= j;
  return f;
}

/** Nodes z_i and weights w_i with Σ_i w_i p(z_i) = E[p(z)], z ~ N(0, 1), exact for polynomials of degree < 2n. */
export interface Quadrature {
  nodes: Float64Array;
  weights: Float64Array;
}

/**
 * The normalised Hermite functions h_j = He_j/√(j!) at z, j = n−1 and n (the recurrence in this normalisation
 * stays O(1) where He_n and n! would overflow).
 */
function normalisedPair(n: number, z: number): [number, number] {
  let prev = 0;
  let cur = 1;
  for (let j = 0; j < n; j++) {
    const next = (z * cur - Math.sqrt(j) * prev) / Math.sqrt(j + 1);
    prev = cur;
    cur = next;
  }
  return [prev, cur];
}

const cache = new Map<number, Quadrature>();

/**
 * n-point Gauss–Hermite rule for the standard normal. Golub–Welsch (eigenvalues of the Jacobi matrix with
 * off-diagonal √j) gives the nodes; Newton on h_n polishes them, and w_i = 1 / (n h_{n−1}(z_i)²).
 * Cached per n; the returned arrays are shared, do not write them.
 */
export function gaussHermite(n: number): Quadrature {
  if (!Number.isInteger(n) || n < 1 || n > 400) throw new RangeError(`gaussHermite: n = ${n}, must be an integer in [1, 400]`);
  const hit = cache.get(n);
  if (hit) return hit;
  const J = dense(n, n);
  for (let j = 1; j < n; j++) {
    J.data[(j - 1) * n + j] = Math.sqrt(j);
    J.data[j * n + j - 1] = Math.sqrt(j);
  }
  const nodes = n === 1 ? new Float64Array([0]) : symEig(J).values;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = nodes[i];
    // Newton on h_n (h_n' = √n h_{n−1}): two steps take the eigenvalue's O(n ε ‖J‖) error to rounding.
    for (let it = 0; it < 3; it++) {
      const [hm, h] = normalisedPair(n, z);
      z -= h / (Math.sqrt(n) * hm);
    }
    nodes[i] = z;
    const [hm] = normalisedPair(n, z);
    weights[i] = 1 / (n * hm * hm);
  }
  // Symmetrise: the rule is exactly symmetric, rounding is not.
  for (let i = 0; i < n >> 1; i++) {
    const z = 0.5 * (nodes[n - 1 - i] - nodes[i]);
    const w = 0.5 * (weights[i] + weights[n - 1 - i]);
    nodes[i] = -z;
    nodes[n - 1 - i] = z;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[n >> 1] = 0;
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}

/**
 * n-point Gauss–Legendre rule on [−1, 1] (weight 1): Golub–Welsch nodes polished by Newton on P_n, and
 * w_i = 2 / ((1 − x_i²) P_n'(x_i)²).
 */
function gaussLegendre(n: number): Quadrature {
  const J = dense(n, n);
  for (let j = 1; j < n; j++) {
    const b = j / Math.sqrt(4 * j * j - 1);
    J.data[(j - 1) * n + j] = b;
    J.data[j * n + j - 1] = b;
  }
  const nodes = n === 1 ? new Float64Array([0]) : symEig(J).values;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = nodes[i];
    let dp = 1;
    for (let it = 0; it < 3; it++) {
      // P_n and P_{n−1} by Bonnet's recurrence; P_n' = n (x P_n − P_{n−1}) / (x² − 1).
      let prev = 1;
      let cur = x;
      for (let j = 1; j < n; j++) {
        const next = ((2 * j + 1) * x * cur - j * prev) / (j + 1);
        prev = cur;
        cur = next;
      }
      dp = (n * (x * cur - prev)) / (x * x - 1);
      x -= cur / dp;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}

/** Half-width of the split rule: φ(14)·14^12 ≈ 1e−29, so the tail beyond is negligible for |g| of polynomial growth. */
const SPLIT_HALF_WIDTH = 14;
const splitCache = new Map<number, Quadrature>();

/**
 * A rule for E[g(z)], z ~ N(0, 1), for links with a kink at 0 (relu, |z|, sign): n-point Gauss–Legendre on
 * each of [−14, 0] and [0, 14] with the density folded into the weights. The integrand is smooth on each half,
 * so the error decays spectrally (rounding at n = 40, measured against relu's closed forms); plain
 * Gauss–Hermite converges only like 1/n across a kink. 2n nodes; cached, do not write the arrays.
 */
export function splitGaussLegendre(n = 64): Quadrature {
  if (!Number.isInteger(n) || n < 1 || n > 400) throw new RangeError(`splitGaussLegendre: n = ${n}, must be an integer in [1, 400]`);
  const hit = splitCache.get(n);
  if (hit) return hit;
  const gl = gaussLegendre(n);
  const nodes = new Float64Array(2 * n);
  const weights = new Float64Array(2 * n);
  const half = SPLIT_HALF_WIDTH / 2;
  for (let i = 0; i < n; i++) {
    const z = half * (gl.nodes[i] + 1);
    const w = (half * gl.weights[i] * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
    nodes[i] = -z;
    weights[i] = w;
    nodes[n + i] = z;
    weights[n + i] = w;
  }
  const rule = { nodes, weights };
  splitCache.set(n, rule);
  return rule;
}

/** Default rule: 120-point Gauss–Hermite, exact for polynomial integrands of degree < 240. */
const DEFAULT_NODES = 120;

function defaultRule(): Quadrature {
  return gaussHermite(DEFAULT_NODES);
}

/** E[g(z)], z ~ N(0, 1), by a quadrature rule (120-point Gauss–Hermite unless given). */
export function gaussianExpectation(g: (z: number) => number, rule: Quadrature = defaultRule()): number {
  const { nodes, weights } = rule;
  let s = 0;
  for (let i = 0; i < nodes.length; i++) s += weights[i] * g(nodes[i]);
  return s;
}

/**
 * E[g(z) He_k(z)], z ~ N(0, 1): the inner product (μ1(g) of CLAIMS.md at k = 1). Gauss–Hermite is exact to
 * rounding for polynomial g of degree < 240 − k; for a link with a kink at 0 it converges only like 1/n
 * (error ≈ 1.4e−3 for relu at k = 2): pass splitGaussLegendre() there.
 */
export function hermiteMoment(g: (z: number) => number, k: number, rule: Quadrature = defaultRule()): number {
  return gaussianExpectation((z) => g(z) * hermite(k, z), rule);
}

/** The expansion coefficient c_k = E[g(z) He_k(z)] / k! of g = Σ_k c_k He_k. */
export function hermiteCoefficient(g: (z: number) => number, k: number, rule: Quadrature = defaultRule()): number {
  return hermiteMoment(g, k, rule) / factorial(k);
}

/**
 * The information exponent of g: the smallest k ≥ 1 with c_k ≠ 0, up to kMax (Infinity when none). "≠ 0" is
 * relative to the scale of g: |E[g He_k]|/√(k!) > tol · √E[g²] (the normalised coefficient against ‖g‖).
 */
export function informationExponent(g: (z: number) => number, kMax = 8, tol = 1e-8, rule: Quadrature = defaultRule()): number {
  const norm = Math.sqrt(gaussianExpectation((z) => g(z) ** 2, rule));
  for (let k = 1; k <= kMax; k++) {
    if (Math.abs(hermiteMoment(g, k, rule)) / Math.sqrt(factorial(k)) > tol * norm) return k;
  }
  return Infinity;
}
