// PCA on a spiked matrix Y (d x n): the top left singular vector, and its asymptotic squared overlap with
// the spike (the BBP transition of the rectangular spiked model, Benaych-Georges & Nadakuditi 2012).
import { gemmNT } from '../linalg/gemm';
import { topEigenpair } from './top-eigenpair';

/** The top left singular vector of Y (d x n row-major): the top eigenvector of YYᵀ, unit norm. */
export function topLeftSingularVector(Y: Float64Array, d: number, n: number): Float64Array {
  if (Y.length !== d * n) throw new RangeError(`topLeftSingularVector: Y must have d·n = ${d * n} entries, got ${Y.length}`);
  return topEigenpair(gemmNT(d, d, n, Y, Y, new Float64Array(d * d)), d).vector;
}

/**
 * The limit of ⟨v̂, v0⟩²/‖v0‖² for Y = √(λ/d) v0 u0ᵀ + Z with ‖v0‖²/d → ρ, as n/d → α: with β = λρ (the
 * squared spike strength of Y/√n) and γ = 1/α, (1 − γ/β²)/(1 + γ/β) above the threshold β > √γ, else 0.
 */
export function pcaOverlapTheory(beta: number, gamma: number): number {
  if (!(beta >= 0 && gamma > 0)) throw new RangeError(`pcaOverlapTheory: need beta ≥ 0 and gamma > 0, got ${beta}, ${gamma}`);
  return beta * beta > gamma ? (1 - gamma / (beta * beta)) / (1 + gamma / beta) : 0;
}
