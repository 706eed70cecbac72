// The sparse spiked mixture of Pesce, Loureiro, Krzakala, Zdeborová 2022 (two clusters):
//   Y = √(λ/d) v0 u0ᵀ + Z ∈ R^{d x n},  u0 ∈ {±1}^n the labels,  v0 sparse,  Z_ij ~ N(0, 1),  α = n/d.
// Column j of Y is the sample u0_j √(λ/d) v0 + noise: a two-cluster mixture whose means ±√(λ/d) v0 live on
// the support of v0.
import type { Stream } from '../rng';

export interface SpikedMixture {
  d: number;
  n: number;
  lambda: number;
  /** d: the sparse cluster-mean direction. */
  v0: Float64Array;
  /** n: labels ±1. */
  u0: Float64Array;
  /** d x n row-major. */
  Y: Float64Array;
}

/**
 * How v0 is sparse: `rho`, each entry nonzero with probability ρ (the paper's extensive sparsity); or
 * `support`, exactly s nonzero entries at uniformly random positions. Nonzero entries are N(0, 1).
 */
export type Sparsity = { rho: number } | { support: number };

export function sampleSpiked(s: Stream, d: number, n: number, lambda: number, sparsity: Sparsity): SpikedMixture {
  if (!(Number.isInteger(d) && d >= 1 && Number.isInteger(n) && n >= 1)) throw new RangeError(`spiked: d and n must be integers ≥ 1, got ${d}, ${n}`);
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new RangeError(`spiked: lambda must be finite and ≥ 0, got ${lambda}`);
  const v0 = sparseSignal(s.child('v0'), d, sparsity);
  const labels = s.child('u0');
  const u0 = new Float64Array(n);
  for (let j = 0; j < n; j++) u0[j] = labels.uniform() < 0.5 ? 1 : -1;
  const Y = s.child('Z').normals(d * n);
  const c = Math.sqrt(lambda / d);
  for (let i = 0; i < d; i++) {
    const vi = c * v0[i];
    if (vi === 0) continue;
    for (let j = 0; j < n; j++) Y[i * n + j] += vi * u0[j];
  }
  return { d, n, lambda, v0, u0, Y };
}

function sparseSignal(s: Stream, d: number, sparsity: Sparsity): Float64Array {
  const v0 = new Float64Array(d);
  if ('rho' in sparsity) {
    const { rho } = sparsity;
    if (!(rho > 0 && rho <= 1)) throw new RangeError(`spiked: rho must lie in (0, 1], got ${rho}`);
    for (let i = 0; i < d; i++) {
      const on = s.uniform() < rho;
      const value = s.normal();
      if (on) v0[i] = value;
    }
    return v0;
  }
  const k = sparsity.support;
  if (!(Number.isInteger(k) && k >= 1 && k <= d)) throw new RangeError(`spiked: support must be an integer in [1, d = ${d}], got ${k}`);
  // A partial Fisher–Yates shuffle picks the support uniformly.
  const index = Array.from({ length: d }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = s.int(i, d - 1);
    [index[i], index[j]] = [index[j], index[i]];
    v0[index[i]] = s.normal();
  }
  return v0;
}

/** The support of a vector: indices of its nonzero entries, ascending. */
export function supportOf(v: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) out.push(i);
  return out;
}
