// The exact (population) covariance of the relu features relu(Wx), x ~ N(0, I_d), by the arc-cosine kernel
// of degree 1 (Cho & Saul 2009): for rows u, v at angle φ,
//   E[relu(u·x) relu(v·x)] = ‖u‖‖v‖ (sin φ + (π − φ) cos φ) / (2π),   E[relu(u·x)] = ‖u‖ / √(2π).
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
