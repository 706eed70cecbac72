// The exact (population) covariance of the relu features relu(Wx), x ~ N(0, I_d), by the arc-cosine kernel
// of degree 1 (Cho & Saul 2009): for rows u, v at angle φ,
//   E[relu(u·x) relu(v·x)] = ‖u‖‖v‖ (sin φ + (π − φ) cos φ) / (2π),   E[relu(u·x)] = ‖u‖ / √(2π).
import { gaussHermite, splitGaussLegendre } from '../data/hermite';
import { gemmNT } from '../linalg/gemm';

/**
 * The m x m matrix E[σσᵀ] (centered: false) or Cov(σ) = E[σσᵀ] − E[σ]E[σ]ᵀ (centered: true) of the
 * features σ = relu(Wx), W m x d row-major. A zero row gives a zero feature.
 */
export function reluFeatureCovariance(W: Float64Array, m: number, d: number, options: { centered?: boolean } = {}): Float64Array {
  if (W.length !== m * d) throw new RangeError(`reluFeatureCovariance: W must have m·d = ${m * d} entries, got ${W.length}`);
  const centered = options.centered ?? true;
  const G = gemmNT(m, m, d, W, W, new Float64Array(m * m));
  const norm = new Float64Array(m);
  for (let j = 0; j < m; j++) norm[j] = Math.sqrt(G[j * m + j]);
  const C = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    for (let k = j; k < m; k++) {
      const nn = norm[j] * norm[k];
      let value = 0;
      if (nn > 0) {
        // Clamp the cosine: rounding can put it a hair outside [−1, 1].
        const cos = Math.min(1, Math.max(-1, G[j * m + k] / nn));
        const phi = Math.acos(cos);
        value = (nn * (Math.sqrt(1 - cos * cos) + (Math.PI - phi) * cos - (centered ? 1 : 0))) / (2 * Math.PI);
      }
      C[j * m + k] = value;
      C[k * m + j] = value;
    }
  }
  return C;
}

/** Nodes of the inner (smooth) and outer (kinked at 0) rules of reluTargetCorrelation. */
const INNER_NODES = 40;
const OUTER_NODES = 32;

/**
 * The m-vector E[relu(w_j·x) g(θ·x)], x ~ N(0, I_d), θ a unit vector, g smooth. With h = w·x/‖w‖ and
 * r = w·θ/‖w‖, θ·x = r h + √(1 − r²) g' (g' independent of h): E = ‖w‖ E_h[relu(h) E_g'[g(r h + √(1 − r²) g')]].
 * The inner expectation is smooth in h (Gauss–Hermite); the outer one has relu's kink (split Gauss–Legendre).
 */
export function reluTargetCorrelation(W: Float64Array, m: number, d: number, theta: Float64Array, g: (z: number) => number): Float64Array {
  if (W.length !== m * d || theta.length !== d) throw new RangeError(`reluTargetCorrelation: W must be ${m}x${d} and θ of length ${d}`);
  const inner = gaussHermite(INNER_NODES);
  const outer = splitGaussLegendre(OUTER_NODES);
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let norm2 = 0;
    let wt = 0;
    for (let k = 0; k < d; k++) {
      norm2 += W[j * d + k] ** 2;
      wt += W[j * d + k] * theta[k];
    }
    const norm = Math.sqrt(norm2);
    if (norm === 0) continue;
    const r = Math.min(1, Math.max(-1, wt / norm));
    const q = Math.sqrt(1 - r * r);
    let e = 0;
    for (let a = 0; a < outer.nodes.length; a++) {
      const h = outer.nodes[a];
      if (h <= 0) continue;
      let cond = 0;
      for (let b = 0; b < inner.nodes.length; b++) cond += inner.weights[b] * g(r * h + q * inner.nodes[b]);
      e += outer.weights[a] * h * cond;
    }
    out[j] = norm * e;
  }
  return out;
}
