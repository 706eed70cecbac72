// Pesce, Loureiro, Krzakala, Zdeborová 2022: subspace clustering in high dimensions, phase transitions and
// the statistical-to-computational gap. Data (CLAIMS.md, section C): the sparse spiked mixture
//   Y = √(λ/d) v0 u0ᵀ + Z ∈ R^{d x n},  u0 ∈ {±1}^n the labels,  v0_i ~ Bernoulli(ρ)·N(0, 1),  α = n/d,
// whose algorithmic threshold in this normalisation is λ_alg = 1/(ρ√α). PCA (top left singular vector) and
// Bayes-optimal AMP estimate v0; an exhaustive search over supports does it for very sparse v0.
//
// Each instance is an integer seed (a C1 trial is a batch of seeds, one per dataset).
//
// What the clustering claims share: the paper's name and title, λ_alg, the extensive-sparsity setting of a rung,
// AMP's random start and its state evolution.
import fc from 'fast-check';
import type { Params } from '../../src/contract/claim';
import { InputError } from '../../src/contract/errors';
import { gaussBernoulli, rademacher, stateEvolution, type StateEvolution } from '../../src/core/estimators/amp';
import { intParam, positiveParam, SEED } from '../shared/params';

export const PAPER = 'Pesce, Loureiro, Krzakala, Zdeborová 2022';
export const TITLE = 'Subspace clustering in high-dimensions: phase transitions & statistical-to-computational gap';

/** λ_alg = 1/(ρ√α): below it neither PCA nor AMP correlates with v0 (BBP for PCA, SE instability for AMP). */
export function algorithmicThreshold(rho: number, alpha: number): number {
  return 1 / (rho * Math.sqrt(alpha));
}

function probability(p: Params, name: string): number {
  const v = p[name];
  if (typeof v !== 'number' || !(v > 0 && v <= 1)) throw new InputError(`params.${name}`, v, 'a number in (0, 1]');
  return v;
}

export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const h = sorted.length >> 1;
  return sorted.length % 2 ? sorted[h] : 0.5 * (sorted[h - 1] + sorted[h]);
}

/** A rung with extensive sparsity ρ: d, n = αd, and λ given as its ratio to λ_alg. */
export interface SpikedSetting {
  d: number;
  n: number;
  alpha: number;
  rho: number;
  lambda: number;
  ratio: number;
}

export function spikedSetting(params: Params): SpikedSetting {
  const d = intParam(params, 'd', 2);
  const alpha = positiveParam(params, 'alpha');
  const rho = probability(params, 'rho');
  const ratio = positiveParam(params, 'lambdaRatio');
  return { d, n: Math.max(1, Math.round(alpha * d)), alpha, rho, lambda: ratio * algorithmicThreshold(rho, alpha), ratio };
}

/** The priors of the model: Gauss–Bernoulli(ρ) for v0, Rademacher labels. */
export function spikedPriors(rho: number) {
  return { v: gaussBernoulli(rho), u: rademacher };
}

/** A random start of AMP: O(1e−3) entries, far inside the uninformative region SE starts from. */
export const AMP_START = 1e-3;

const seCache = new Map<string, StateEvolution>();

/** AMP's state-evolution fixed point reached from a small overlap (a random start). */
export function ampStateEvolution(lambda: number, alpha: number, rho: number): StateEvolution {
  const key = `${lambda}|${alpha}|${rho}`;
  let value = seCache.get(key);
  if (value === undefined) {
    value = stateEvolution(lambda, alpha, spikedPriors(rho));
    seCache.set(key, value);
  }
  return value;
}

/** The squared overlap ⟨v̂, v0⟩²/(‖v̂‖²‖v0‖²) that AMP's state evolution predicts from a random start. */
export function ampOverlapTheory(lambda: number, alpha: number, rho: number): number {
  return ampStateEvolution(lambda, alpha, rho).overlapV;
}

/** A trial of a batch of datasets at one setting: one seed per dataset (`batch` of them, `fallback` when unset). */
export interface BatchInstance {
  d: number;
  n: number;
  rho: number;
  lambda: number;
  seeds: number[];
}

export function batchInstance(params: Params, fallback: number): fc.Arbitrary<BatchInstance> {
  const { d, n, rho, lambda } = spikedSetting(params);
  const batch = params.batch === undefined ? fallback : intParam(params, 'batch', 1);
  return fc.record({ d: fc.constant(d), n: fc.constant(n), rho: fc.constant(rho), lambda: fc.constant(lambda), seeds: fc.array(SEED, { minLength: batch, maxLength: batch }) });
}
