// Bayes-optimal approximate message passing for the rank-one rectangular model
//   Y = √(λ/d) v uᵀ + Z ∈ R^{d x n},  v_i ~ P_v,  u_j ~ P_u,  Z_ij ~ N(0, 1),  α = n/d,
// and its state evolution (Lesieur, Krzakala, Zdeborová 2017; the subspace-clustering instance of Pesce,
// Loureiro, Krzakala, Zdeborová 2022 has P_u = Rademacher, P_v = Gauss–Bernoulli(ρ)).
//
// With s = √(λ/d), one iteration reads
//   B_v = s Y û − s² (Σ_j σ_u,j) v̂,   A_v = s² ‖û‖²,   v̂' = f_v(A_v, B_v),  σ_v = ∂_B f_v,
//   B_u = s Yᵀ v̂' − s² (Σ_i σ_v,i) û,  A_u = s² ‖v̂'‖²,  û' = f_u(A_u, B_u),  σ_u = ∂_B f_u,
// each Onsager term multiplying the estimate that the other side's current estimate was computed from.
// where f(A, B) is the posterior mean of x under the prior given the scalar channel B = A x + √A g.
// State evolution tracks the overlaps m_v = E[v v̂], m_u = E[u û] per coordinate:
//   A_v = λ α m_u,  m_v = m_{P_v}(A_v),  A_u = λ m_v,  m_u = m_{P_u}(A_u),  m_P(A) = E[f(A, A x + √A g)²],
// and the squared overlap ⟨v̂, v⟩²/(‖v̂‖²‖v‖²) → m_v / E[v²].
import { gaussHermite, gaussianExpectation } from '../data/hermite';
import { gemv, gemvT, kernelBuffers } from '../linalg/gemm';

export interface Prior {
  name: string;
  /** E[x²] under the prior. */
  secondMoment: number;
  /** f(A, B): the posterior mean of x given B = A x + √A g. */
  mean(A: number, B: number): number;
  /** ∂f/∂B: the posterior variance. */
  variance(A: number, B: number): number;
  /** m(A) = E[f(A, A x + √A g)²] (= E[x f] by the Nishimori identity). */
  overlap(A: number): number;
}

/**
 * Quadrature nodes for the overlaps: the posterior means sharpen into steps as A grows, and 300 Gauss–Hermite
 * nodes keep m(A) within 1e−8 of its converged value up to A = 8 (120 nodes: 2e−5 for Gauss–Bernoulli(0.1)).
 */
const OVERLAP_NODES = 300;

/** x = ±1 with probability ½ each: f = tanh(B). */
export const rademacher: Prior = {
  name: 'Rademacher',
  secondMoment: 1,
  mean: (_A, B) => Math.tanh(B),
  variance: (_A, B) => {
    const t = Math.tanh(B);
    return 1 - t * t;
  },
  // By the symmetry x → −x, condition on x = +1.
  overlap: (A) => (A <= 0 ? 0 : gaussianExpectation((g) => Math.tanh(A + Math.sqrt(A) * g) ** 2, gaussHermite(OVERLAP_NODES))),
};

/** x ~ N(0, 1): f = B/(1 + A), m(A) = A/(1 + A). */
export const gaussianPrior: Prior = {
  name: 'Gaussian',
  secondMoment: 1,
  mean: (A, B) => B / (1 + A),
  variance: (A) => 1 / (1 + A),
  overlap: (A) => (A <= 0 ? 0 : A / (1 + A)),
};

/** x = 0 with probability 1 − ρ, x ~ N(0, 1) with probability ρ. */
export function gaussBernoulli(rho: number): Prior {
  if (!(rho > 0 && rho <= 1)) throw new RangeError(`gaussBernoulli: rho must lie in (0, 1], got ${rho}`);
  const odds = (1 - rho) / rho;
  // P(x ≠ 0 | B) = 1 / (1 + (1−ρ)/ρ · √(1+A) · exp(−B²/(2(1+A)))): exp of a non-positive number cannot overflow.
  const active = (A: number, B: number) => 1 / (1 + odds * Math.sqrt(1 + A) * Math.exp((-B * B) / (2 * (1 + A))));
  const mean = (A: number, B: number) => (active(A, B) * B) / (1 + A);
  return {
    name: `Gauss–Bernoulli(${rho})`,
    secondMoment: rho,
    mean,
    variance: (A, B) => {
      const pi = active(A, B);
      const c = B / (1 + A);
      return pi / (1 + A) + pi * (1 - pi) * c * c;
    },
    // B is N(0, A² + A) on the support and N(0, A) off it.
    overlap: (A) => {
      if (A <= 0) return 0;
      const on = Math.sqrt(A * A + A);
      const off = Math.sqrt(A);
      const rule = gaussHermite(OVERLAP_NODES);
      return rho * gaussianExpectation((g) => mean(A, on * g) ** 2, rule) + (1 - rho) * gaussianExpectation((g) => mean(A, off * g) ** 2, rule);
    },
  };
}

export interface AmpOptions {
  maxIterations?: number;
  /** Stop when the root-mean-square change of v̂ per coordinate falls below this. */
  tolerance?: number;
}

export interface AmpResult {
  v: Float64Array;
  u: Float64Array;
  iterations: number;
  converged: boolean;
}

const DEFAULT_MAX_ITERATIONS = 200;
/** A change of v̂ far below the O(1/√d) fluctuations of any overlap we measure. */
const DEFAULT_TOLERANCE = 1e-8;

/**
 * Y and the vectors its products read and write, in one kernel arena kept from call to call: every iteration
 * multiplies by Y twice, so a copy of Y in the arena pays for itself in the first, and a new arena per call (a
 * trial runs dozens) would be a new WebAssembly memory each time.
 */
let resident: { Y: Float64Array; u: Float64Array; v: Float64Array; Yu: Float64Array; Ytv: Float64Array } | undefined;

function residentBuffers(d: number, n: number): NonNullable<typeof resident> {
  if (!resident || resident.Y.length < d * n || resident.u.length < n || resident.v.length < d) {
    const [Y, u, v, Yu, Ytv] = kernelBuffers([d * n, n, d, d, n], 0);
    resident = { Y, u, v, Yu, Ytv };
  }
  return resident;
}

/**
 * Runs AMP on Y (d x n row-major) from the start û⁰ (length n; not a function of Y, so it carries no
 * Onsager term). Buffers are made once; the iterations allocate nothing.
 */
export function amp(Y: Float64Array, d: number, n: number, lambda: number, priors: { v: Prior; u: Prior }, u0: Float64Array, options: AmpOptions = {}): AmpResult {
  if (Y.length !== d * n) throw new RangeError(`amp: Y must have d·n = ${d * n} entries, got ${Y.length}`);
  if (u0.length !== n) throw new RangeError(`amp: the start must have n = ${n} entries, got ${u0.length}`);
  if (!(lambda > 0)) throw new RangeError(`amp: lambda must be > 0, got ${lambda}`);
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const s = Math.sqrt(lambda / d);
  const s2 = s * s;
  const buffers = residentBuffers(d, n);
  buffers.Y.set(Y);
  const u = buffers.u.subarray(0, n);
  u.set(u0);
  const v = buffers.v.subarray(0, d).fill(0);
  const Yu = buffers.Yu.subarray(0, d);
  const Ytv = buffers.Ytv.subarray(0, n);
  let sumVarU = 0;
  let converged = false;
  let t = 0;
  while (t < maxIterations) {
    t++;
    // v-step: B_v = s Y û − s² Σσ_u v̂, with v̂ the estimate û was computed from.
    let uu = 0;
    for (let j = 0; j < n; j++) uu += u[j] * u[j];
    const Av = s2 * uu;
    gemv(d, n, buffers.Y, u, Yu);
    let sumVarV = 0;
    let vv = 0;
    let change = 0;
    for (let i = 0; i < d; i++) {
      const b = s * Yu[i] - s2 * sumVarU * v[i];
      const next = priors.v.mean(Av, b);
      sumVarV += priors.v.variance(Av, b);
      change += (next - v[i]) ** 2;
      v[i] = next;
      vv += next * next;
    }
    // u-step: B_u = s Yᵀ v̂ − s² Σσ_v û.
    const Au = s2 * vv;
    gemvT(d, n, buffers.Y, v, Ytv);
    sumVarU = 0;
    for (let j = 0; j < n; j++) {
      const b = s * Ytv[j] - s2 * sumVarV * u[j];
      u[j] = priors.u.mean(Au, b);
      sumVarU += priors.u.variance(Au, b);
    }
    if (t > 1 && Math.sqrt(change / d) < tolerance) {
      converged = true;
      break;
    }
  }
  // Copies: the buffers stay with the next call.
  return { v: v.slice(), u: u.slice(), iterations: t, converged };
}

export interface StateEvolution {
  /** m_v = E[v v̂] per coordinate at the fixed point. */
  mv: number;
  mu: number;
  /** The limit of ⟨v̂, v⟩²/(‖v̂‖²‖v‖²): m_v / E[v²]. */
  overlapV: number;
  overlapU: number;
  iterations: number;
}

/**
 * Iterates state evolution from a small overlap m_u⁰ (a random start: its overlap with u is O(1/√n)) until
 * the overlaps change by less than `tolerance`. Below the algorithmic threshold it decays to the
 * uninformative fixed point 0; above, it climbs to the informative one.
 */
export function stateEvolution(lambda: number, alpha: number, priors: { v: Prior; u: Prior }, options: { mu0?: number; maxIterations?: number; tolerance?: number } = {}): StateEvolution {
  let mu = options.mu0 ?? 1e-6;
  const maxIterations = options.maxIterations ?? 10_000;
  const tolerance = options.tolerance ?? 1e-12;
  let mv = 0;
  let t = 0;
  while (t < maxIterations) {
    t++;
    const nextV = priors.v.overlap(lambda * alpha * mu);
    const nextU = priors.u.overlap(lambda * nextV);
    const change = Math.abs(nextV - mv) + Math.abs(nextU - mu);
    mv = nextV;
    mu = nextU;
    if (change < tolerance) break;
  }
  return { mv, mu, overlapV: mv / priors.v.secondMoment, overlapU: mu / priors.u.secondMoment, iterations: t };
}
