// clustering.statistical-gap (CLAIMS.md C2; Pesce, Loureiro, Krzakala, Zdeborová 2022): with a very sparse spike an
// exhaustive search over supports recovers it below λ_alg, where PCA cannot.
import fc from 'fast-check';
import { sampleSpiked } from '../../src/core/data/spiked';
import { exhaustiveSupport, supportEigenvector } from '../../src/core/estimators/exhaustive';
import { squaredOverlap } from '../../src/core/estimators/overlap';
import { topLeftSingularVector } from '../../src/core/estimators/pca';
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { InputError } from '../../src/contract/errors';
import { stream } from '../../src/core/rng';
import { choice, FLAG, integers, intParam, positiveParam, reals, SEED } from '../shared/params';
import { algorithmicThreshold, PAPER, TITLE } from './family';

// C2 the statistical-to-computational gap with a very sparse spike.

/** "Recovers": the estimate carries more than half of the spike's direction (squared overlap > 0.5). */
const C2_RECOVER = 0.5;

const ESTIMATORS = ['exhaustive search', 'PCA'] as const;

export interface GapInstance {
  d: number;
  n: number;
  support: number;
  lambda: number;
  /** 0: exhaustive search over supports; 1: PCA. */
  estimator: number;
  seed: number;
}

function c2Setting(params: Params) {
  const d = intParam(params, 'd', 2);
  const alpha = positiveParam(params, 'alpha');
  const support = intParam(params, 'support', 1);
  if (support > d) throw new InputError('params.support', support, `an integer in [1, d = ${d}]`);
  const ratio = positiveParam(params, 'lambdaRatio');
  // The spike's density ρ = s/d sets λ_alg.
  const lambda = ratio * algorithmicThreshold(support / d, alpha);
  return { d, n: Math.max(1, Math.round(alpha * d)), support, lambda, ratio, estimator: choice(params, 'estimator', [0, 1]) };
}

/*
 * Calibration of the fails rungs (harness, every trial run; passes of "squared overlap > 0.5"; α = 2 and s = 2
 * unless stated):
 *   exhaustive search, λ = 0.05·λ_alg   d = 32: 4/200   d = 64: 5/400 (seed 5)   d = 128: 6/200   d = 256: 7/200
 *                                       d = 64: α = 0.1 1/200; α = 8, s = 3: 1/200
 *   exhaustive search, λ = 0.1·λ_alg    d = 16: 12/200   d = 32: 4/200   d = 64: 8/200 (seed 7: 5/200; seed 5: 22/400)
 *                                       d = 128: 4/200 (α = 0.1: 9/200, α = 8: 8/200; s = 3: 0/200)
 *                                       d = 64: α = 0.1 3/200, α = ½ 5/100, α = 8 2/100, s = 3 0/100
 *                                       d = 256: 17/200 (seed 7: 12/200); s = 1: 8/100 at d = 64, 15/100 at d = 256
 *   PCA, λ = 0.5·λ_alg                  d = 8: 26/200   d = 16: 14/200   d = 64: 6/200 (α = 0.1: 2/200)   d = 256: 4/200
 *   PCA, λ ≤ 0.3·λ_alg                  0/200 at d = 16 (0.1), 64 (0.1, 0.3) and 256 (0.1)
 * Exhaustive search's statistical threshold falls towards 0.1·λ_alg as d/s grows (λ_alg = d/(s√α) grows like d,
 * the search's threshold like √log d): at 0.1·λ_alg it passes 3–6% of trials at d = 64, so 40 trials end above 0.1
 * in about 1 run in 50 (5/40 at seed 5). Its fails rung sits at 0.05·λ_alg (1–3%), gated for s ≥ 2 and
 * 32 ≤ d ≤ 128; 0.1·λ_alg, s = 1, d = 256 and d = 16 (finite size) are observed. PCA below the BBP point is gated
 * from d = 32.
 */
const C2_GATED_D = { min: 32, max: 128 };
/** λ/λ_alg of the search's control. */
const C2_SEARCH_CONTROL = 0.05;

function c2Expect(params: Params): Expectation {
  const { d, support, ratio, estimator } = c2Setting(params);
  if (estimator === 0 && ratio <= 0.1) {
    if (ratio <= C2_SEARCH_CONTROL && support >= 2 && d >= C2_GATED_D.min && d <= C2_GATED_D.max) {
      return { outcome: 'fails', why: `at ${C2_SEARCH_CONTROL}·λ_alg the search does not recover the spike (≤ 6/200 at s ≥ 2, d = 32 to 128)` };
    }
    return { outcome: 'observe', why: 'the search\'s statistical threshold nears λ_alg/10 here: 22/400 at 0.1·λ_alg (d = 64), 17/200 at d = 256, 15/100 at s = 1, 12/200 at d = 16' };
  }
  if (estimator === 1 && ratio <= 0.5) {
    if (d >= C2_GATED_D.min) return { outcome: 'fails', why: 'PCA is blind below λ_alg (BBP): ≤ 6/200 at 0.5·λ_alg from d = 32' };
    return { outcome: 'observe', why: 'finite size: PCA passes 26/200 at d = 8 and 14/200 at d = 16 at 0.5·λ_alg' };
  }
  return { outcome: 'observe', why: 'CLAIMS C2 is observe: the gap is reported, not gated' };
}

function c2Rung(estimator: number, ratio: number, runs?: number, d = 64): Rung {
  const params = { d, alpha: 2, support: 2, lambdaRatio: ratio, estimator };
  return { name: `${ESTIMATORS[estimator]}, λ=${ratio}λ_alg${d !== 64 ? `, d=${d}` : ''}`, params, expected: c2Expect(params), ...(runs ? { runs } : {}) };
}

const C2_RATIOS = [0.1, 0.3, 0.5, 0.7, 1];
/** The search also runs at its control, 0.05·λ_alg. */
const SEARCH_RATIOS = [C2_SEARCH_CONTROL, ...C2_RATIOS];

export const statisticalGap: Claim<GapInstance> = {
  id: 'clustering.statistical-gap',
  paper: PAPER,
  statement: 'With a very sparse spike, an exhaustive search over supports recovers it below λ_alg, where PCA cannot: a statistical-to-computational gap.',
  source: `${TITLE}: the information-theoretic threshold λ_it below λ_alg, sub-extensive sparsity`,
  runs: 40,
  defaults: { d: 64, alpha: 2, support: 2, lambdaRatio: 0.5, estimator: 0 },
  domain: {
    d: integers(2, 256, 'd ≤ 256: the search visits C(d, s) supports (CLAIMS C2: d = 64, the large ladder 256)'),
    alpha: reals(1 / 10, 8, 'n/d ≤ 8'),
    support: integers(1, 3, 's ≤ 3: the search visits all C(d, s) supports, 2.8M at d = 256, s = 3 (3 s a trial)'),
    lambdaRatio: reals(1 / 100, 10, 'λ/λ_alg'),
    estimator: FLAG,
  },
  ladders: {
    small: [c2Rung(0, C2_SEARCH_CONTROL, 20), c2Rung(1, 0.5, 20), c2Rung(0, 0.7, 30), c2Rung(1, 0.7, 30)],
    default: [...SEARCH_RATIOS.map((r) => c2Rung(0, r)), ...C2_RATIOS.map((r) => c2Rung(1, r))],
    large: [64, 256].flatMap((d) => [...SEARCH_RATIOS.map((r) => c2Rung(0, r, 200, d)), ...[...C2_RATIOS, 2, 4].map((r) => c2Rung(1, r, 200, d)), ...[2, 4].map((r) => c2Rung(0, r, 200, d))]),
  },
  expect: c2Expect,
  instance(params) {
    const { d, n, support, lambda, estimator } = c2Setting(params);
    return fc.record({ d: fc.constant(d), n: fc.constant(n), support: fc.constant(support), lambda: fc.constant(lambda), estimator: fc.constant(estimator), seed: SEED });
  },
  check(inst) {
    const { d, n, support, lambda } = inst;
    const data = sampleSpiked(stream(inst.seed), d, n, lambda, { support });
    let estimate: Float64Array;
    if (inst.estimator === 0) {
      estimate = supportEigenvector(data.Y, d, n, exhaustiveSupport(data.Y, d, n, support).support);
    } else {
      estimate = topLeftSingularVector(data.Y, d, n);
    }
    const overlap = squaredOverlap(estimate, data.v0);
    // CLAIMS C2 (recovery of the sparse spike): squared overlap with v0 above 1/2.
    return { pass: overlap > C2_RECOVER, observables: { overlap } };
  },
  plot: { x: 'lambdaRatio', series: 'estimator', labels: { estimator: ESTIMATORS }, threshold: { value: 1, label: 'λ_alg = d/(s√α)' } },
  notes: [
    'd = 64, α = 2, v0 with exactly s = 2 nonzero N(0, 1) entries (ρ = s/d, λ_alg = 1/(ρ√α) ≈ 22.6). estimator 0: the support of size s maximising λ_max(Y_S Y_Sᵀ) over all C(d, s) supports, estimate = the top eigenvector there; estimator 1: PCA. Pass: squared overlap with v0 > 0.5.',
    'Gated: at λ = 0.05·λ_alg the search does not recover the spike (fails, for s ≥ 2 and d = 32 to 128), and PCA fails below λ_alg (BBP, from d = 32). Calibration (harness, 200–400 trials a rung): the search passes 1–3% at 0.05·λ_alg (d = 32 to 128), but 3–6% at 0.1·λ_alg and 8.5% at d = 256 (observed there, as with s = 1); PCA 0–6/200 from d = 32, 26/200 at d = 8; the table is in the claim\'s file. The gap itself is observe: CLAIMS says exhaustive search "recovers it in most seeds" for λ ∈ (0.3, 1)·λ_alg, but this encoding measures only 0.23 / 0.36 / 0.46 / 0.53 at λ = 0.3 / 0.5 / 0.7 / 1·λ_alg (100 seeds, d = 64; 0.23–0.47 at d = 256), against 0.00 / 0.04 / 0.12 / 0.18 for PCA: failures are seeds whose larger |v0_i| is small, which no support search can see.',
  ],
};
