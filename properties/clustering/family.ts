// Pesce, Loureiro, Krzakala, Zdeborová 2022: subspace clustering in high dimensions, phase transitions and
// the statistical-to-computational gap. Data (CLAIMS.md, section C): the sparse spiked mixture
//   Y = √(λ/d) v0 u0ᵀ + Z ∈ R^{d x n},  u0 ∈ {±1}^n the labels,  v0_i ~ Bernoulli(ρ)·N(0, 1),  α = n/d,
// whose algorithmic threshold in this normalisation is λ_alg = 1/(ρ√α). PCA (top left singular vector) and
// Bayes-optimal AMP estimate v0; an exhaustive search over supports does it for very sparse v0.
//
// Each instance is an integer seed (a C1 trial is a batch of seeds, one per dataset).
//
// What both clustering claims use: the paper's name and title, and λ_alg.

export const PAPER = 'Pesce, Loureiro, Krzakala, Zdeborová 2022';
export const TITLE = 'Subspace clustering in high-dimensions: phase transitions & statistical-to-computational gap';

/** λ_alg = 1/(ρ√α): below it neither PCA nor AMP correlates with v0 (BBP for PCA, SE instability for AMP). */
export function algorithmicThreshold(rho: number, alpha: number): number {
  return 1 / (rho * Math.sqrt(alpha));
}
