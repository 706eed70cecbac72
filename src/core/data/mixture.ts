// Two-cluster Gaussian mixtures x ~ π₊ N(μ₊, Σ₊) + π₋ N(μ₋, Σ₋) with diagonal covariances, and the
// single Gaussian with the same mean and covariance. Both are sampled from one shared set of draws
// (the standard normals z, the cluster coins, a Gaussian g), so a comparison between the two is coupled:
//   mixture:  x = μ_c + Σ_c^{1/2} z,                          c = + when coin < π₊
//   matched:  x = m̄ + Σ̄^{1/2} z + g √(π₊π₋) (μ₊ − μ₋),      m̄ = π₊μ₊ + π₋μ₋, Σ̄ = π₊Σ₊ + π₋Σ₋,
// whose covariance Σ̄ + π₊π₋(μ₊ − μ₋)(μ₊ − μ₋)ᵀ is the mixture's.
import type { Stream } from '../rng';

export interface TwoClusterMixture {
  d: number;
  meanPlus: Float64Array;
  meanMinus: Float64Array;
  /** Standard deviations per coordinate: Σ± = diag(sd±²). */
  sdPlus: Float64Array;
  sdMinus: Float64Array;
  /** Proportion π₊ of the + cluster (π₋ = 1 − π₊). */
  pPlus: number;
}

/**
 * Means ±μ·u along a unit direction u, covariances I and σ₋²I, proportions π₊ and 1 − π₊: the mixture of
 * Pesce, Krzakala, Loureiro, Stephan 2023 in its simplest form.
 */
export function symmetricMixture(u: Float64Array, mu: number, sigmaMinus: number, pPlus = 0.5): TwoClusterMixture {
  const d = u.length;
  if (!(pPlus > 0 && pPlus < 1)) throw new RangeError(`mixture: pPlus must lie in (0, 1), got ${pPlus}`);
  if (!(sigmaMinus > 0)) throw new RangeError(`mixture: sigmaMinus must be > 0, got ${sigmaMinus}`);
  const meanPlus = new Float64Array(d);
  const meanMinus = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    meanPlus[i] = mu * u[i];
    meanMinus[i] = -mu * u[i];
  }
  return { d, meanPlus, meanMinus, sdPlus: new Float64Array(d).fill(1), sdMinus: new Float64Array(d).fill(sigmaMinus), pPlus };
}

/** The randomness of n draws, shared by the mixture and its matched Gaussian. */
export interface MixtureDraws {
  n: number;
  /** n x d standard normals. */
  z: Float64Array;
  /** n uniforms on [0, 1): the cluster coins. */
  coin: Float64Array;
  /** n standard normals: the matched Gaussian's coordinate along μ₊ − μ₋. */
  g: Float64Array;
}

export function drawMixture(s: Stream, n: number, d: number): MixtureDraws {
  const z = s.child('z').normals(n * d);
  const coins = s.child('coin');
  const coin = new Float64Array(n);
  for (let i = 0; i < n; i++) coin[i] = coins.uniform();
  return { n, z, coin, g: s.child('g').normals(n) };
}

/** Mixture inputs X (n x d row-major) and cluster labels (+1 / −1) from the shared draws. */
export function sampleMixture(mix: TwoClusterMixture, draws: MixtureDraws): { X: Float64Array; cluster: Int8Array } {
  const { d } = mix;
  const { n, z, coin } = draws;
  const X = new Float64Array(n * d);
  const cluster = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const plus = coin[i] < mix.pPlus;
    cluster[i] = plus ? 1 : -1;
    const mean = plus ? mix.meanPlus : mix.meanMinus;
    const sd = plus ? mix.sdPlus : mix.sdMinus;
    for (let a = 0; a < d; a++) X[i * d + a] = mean[a] + sd[a] * z[i * d + a];
  }
  return { X, cluster };
}

/** Inputs of the single Gaussian with the mixture's mean and covariance, from the same draws. */
export function sampleMatchedGaussian(mix: TwoClusterMixture, draws: MixtureDraws): Float64Array {
  const { d, pPlus } = mix;
  const pMinus = 1 - pPlus;
  const { n, z, g } = draws;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  const spread = new Float64Array(d);
  const c = Math.sqrt(pPlus * pMinus);
  for (let a = 0; a < d; a++) {
    mean[a] = pPlus * mix.meanPlus[a] + pMinus * mix.meanMinus[a];
    sd[a] = Math.sqrt(pPlus * mix.sdPlus[a] ** 2 + pMinus * mix.sdMinus[a] ** 2);
    spread[a] = c * (mix.meanPlus[a] - mix.meanMinus[a]);
  }
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) X[i * d + a] = mean[a] + sd[a] * z[i * d + a] + g[i] * spread[a];
  return X;
}

/**
 * E[(x·e)²] = eᵀ E[xxᵀ] e under the mixture, exactly: π₊((μ₊·e)² + Σ sd₊²e²) + π₋((μ₋·e)² + Σ sd₋²e²).
 * The matched Gaussian has the same first two moments, hence the same value.
 */
export function secondMomentForm(mix: TwoClusterMixture, e: Float64Array): number {
  let mp = 0;
  let mm = 0;
  let vp = 0;
  let vm = 0;
  for (let a = 0; a < mix.d; a++) {
    mp += mix.meanPlus[a] * e[a];
    mm += mix.meanMinus[a] * e[a];
    vp += (mix.sdPlus[a] * e[a]) ** 2;
    vm += (mix.sdMinus[a] * e[a]) ** 2;
  }
  return mix.pPlus * (mp * mp + vp) + (1 - mix.pPlus) * (mm * mm + vm);
}
