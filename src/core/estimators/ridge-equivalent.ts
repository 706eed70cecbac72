// The deterministic equivalent of ridge regression on Gaussian features (e.g. Hastie, Montanari, Rosset, Tibshirani
// 2022; Bach 2024): features g ~ N(0, Ω) in R^p, target y = βᵀg + ε with ε ~ (0, σ²) independent of g, n samples,
// ŵ = argmin (1/n)‖y − Gw‖² + λ‖w‖². With κ the solution of κ = λ + (κ/n) tr Ω(Ω + κI)⁻¹ and
// df₂ = tr Ω²(Ω + κI)⁻², the test error E(y − ŵᵀg)² → (σ² + κ² βᵀΩ(Ω + κI)⁻²β) / (1 − df₂/n).
// Any features enter through their second moments: Ω = Cov(φ), β = Ω⁻¹ Cov(φ, y), σ² = Var y − Cov(y, φ) Ω⁻¹ Cov(φ, y)
// (the Gaussian equivalent of φ).
import { dense } from '../linalg/dense';
import { symEig } from '../linalg/decompositions';

/** κ to this relative change: far below the Monte Carlo error of any test error it is compared with. */
const KAPPA_TOLERANCE = 1e-13;
const KAPPA_ITERATIONS = 100_000;

/**
 * The asymptotic ridge test error of the Gaussian equivalent of features with covariance Omega (p x p), correlation
 * c = Cov(φ, y) with the target and target variance varY, fitted on n samples with penalty lambda > 0.
 */
export function gaussianRidgeRisk(Omega: Float64Array, p: number, c: Float64Array, varY: number, n: number, lambda: number): number {
  if (Omega.length !== p * p || c.length !== p) throw new RangeError(`gaussianRidgeRisk: Ω must be ${p}x${p} and c of length ${p}`);
  if (!(lambda > 0)) throw new RangeError(`gaussianRidgeRisk: lambda must be > 0, got ${lambda}`);
  const { values, vectors } = symEig(dense(p, p, Omega));
  // In Ω's eigenbasis: c_k = uₖᵀc, β_k = c_k/ω_k, and c_kβ_k sums to the explained variance cᵀΩ⁻¹c.
  const ck = new Float64Array(p);
  for (let k = 0; k < p; k++) for (let i = 0; i < p; i++) ck[k] += vectors.data[i * p + k] * c[i];
  const omega = values.map((v) => Math.max(v, 0));
  let explained = 0;
  for (let k = 0; k < p; k++) if (omega[k] > 0) explained += (ck[k] * ck[k]) / omega[k];
  const sigma2 = Math.max(varY - explained, 0);
  let kappa = lambda;
  for (let t = 0; t < KAPPA_ITERATIONS; t++) {
    let trace = 0;
    for (let k = 0; k < p; k++) trace += omega[k] / (omega[k] + kappa);
    const next = lambda + (kappa * trace) / n;
    const done = Math.abs(next - kappa) <= KAPPA_TOLERANCE * next;
    kappa = next;
    if (done) break;
  }
  let df2 = 0;
  let bias = 0;
  for (let k = 0; k < p; k++) {
    const r = omega[k] / (omega[k] + kappa);
    df2 += r * r;
    // κ² β_k² ω_k/(ω_k + κ)² with β_k = c_k/ω_k.
    if (omega[k] > 0) bias += (kappa * kappa * ck[k] * ck[k]) / (omega[k] * (omega[k] + kappa) ** 2);
  }
  return (sigma2 + bias) / (1 - df2 / n);
}
