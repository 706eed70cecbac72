// clustering.algorithmic-threshold (CLAIMS.md C1; Pesce, Loureiro, Krzakala, Zdeborová 2022): above λ_alg PCA and
// AMP recover the sparse spike with the overlaps their asymptotic curves predict, below it neither sees it.
import { sampleSpiked, type SpikedMixture } from '../../src/core/data/spiked';
import { amp } from '../../src/core/estimators/amp';
import { squaredOverlap } from '../../src/core/estimators/overlap';
import { pcaOverlapTheory, topLeftSingularVector } from '../../src/core/estimators/pca';
import type { Claim, Expectation, Params, Rung } from '../../src/contract/claim';
import { InputError } from '../../src/contract/errors';
import { stream } from '../../src/core/rng';
import { choice, FLAG, integers, reals } from '../shared/params';
import { AMP_START, ampOverlapTheory, batchInstance, median, PAPER, spikedPriors, spikedSetting, TITLE, type BatchInstance } from './family';

// C1 the algorithmic threshold: PCA and AMP follow their asymptotic curves above λ_alg, see nothing below.

/** An estimator "sees" the spike when its (median) squared overlap exceeds 0.15 (CLAIMS C1). */
const C1_DETECT = 0.15;

export interface ClusteringInstance extends BatchInstance {
  /** 1: AMP is checked as well as PCA. */
  amp: number;
  /** How far a median may lie from its curve. */
  tol: number;
  /** 1: PCA's curve at the realised β = λ‖v0‖²/d of each dataset (median over the batch), 0: at β = λρ. */
  realised: number;
}

/*
 * Calibration of the λ_alg/2 control (harness, seed 1, every trial run; passes, then the squared overlaps' medians):
 *   batches of 40, PCA and AMP   d = 64: 0/100 (PCA 0.029, AMP 0.012)   d = 16: 0/100 (0.093, 0.047)   d = 8: 0/200
 *                                d = 128 at α = ½: 0/100; at ρ = 0.05: 0/100; at α = 4, ρ = 1: 0/100
 *   one dataset, PCA only        d = 16: 5/200   d = 32: 2/200   d = 256: 0/100 and 0/200 (PCA 0.007)
 *   one dataset, PCA and AMP     d = 64: 0/100
 * With batches of 40 (CLAIMS C1 uses 20) nothing passes at any size or setting tried; a single dataset passes at most
 * 2.5% (d = 16), its overlap's q90 0.41 there against 0.04 at d = 256.
 */

function c1Expect(params: Params): Expectation {
  const { ratio } = spikedSetting(params);
  if (ratio >= 2) return { outcome: 'holds', why: 'above λ_alg the batch medians follow the PCA formula and AMP state evolution (0.97 of batches at 2λ_alg, CLAIMS C1)' };
  if (ratio <= 0.5) return { outcome: 'fails', why: 'below λ_alg neither sees the spike (batch median > 0.15 in 0.00, CLAIMS C1)' };
  return { outcome: 'observe', why: 'finite-size crossover around λ_alg (CLAIMS C1: avoid λ = λ_alg as a gated rung)' };
}

/**
 * Datasets per trial: the median of 40 at d = 64 has an rms deviation from its curve of 0.035 (PCA and AMP,
 * measured over 40 batches), so the tolerance 0.1 of CLAIMS C1 is 3 standard errors. With 20 datasets it is
 * 2 (rms 0.05): each estimator then misses in ~5% of batches and the joint check passes only ≈ 0.92.
 */
const C1_BATCH = 40;

function c1Rung(ratio: number, opts: { d?: number; batch?: number; amp?: number; tol?: number; realised?: number; runs?: number } = {}): Rung {
  const { d = 64, batch = C1_BATCH, amp: withAmp = 1, tol = 0.1, realised = 1, runs } = opts;
  const params = { d, alpha: 2, rho: 0.5, lambdaRatio: ratio, batch, amp: withAmp, tol, realised };
  const what = batch > 1 ? `median of ${batch}` : 'per seed';
  return { name: `λ=${ratio}λ_alg, d=${d}, ${what}${withAmp ? '' : ', PCA only'}`, params, expected: c1Expect(params), ...(runs ? { runs } : {}) };
}

export const algorithmicThresholdClaim: Claim<ClusteringInstance> = {
  id: 'clustering.algorithmic-threshold',
  paper: PAPER,
  statement: 'Above λ_alg = 1/(ρ√α) PCA and AMP recover the sparse cluster direction with the squared overlaps their asymptotic formulas predict; below it neither does better than chance.',
  source: `${TITLE}: the algorithmic threshold λ_alg (k/√α in the paper's scaling), AMP and its state evolution`,
  runs: 25,
  defaults: { d: 64, alpha: 2, rho: 0.5, lambdaRatio: 2, batch: C1_BATCH, amp: 1, tol: 0.1, realised: 1 },
  domain: {
    d: integers(2, 512, 'd ≤ 512: PCA and AMP on each of `batch` datasets of n = αd samples, 0.4 s a dataset at d = 512 (CLAIMS C1: d = 64 to 256)'),
    alpha: reals(1 / 10, 4, 'n/d ≤ 4 (CLAIMS C1: α = 2)'),
    rho: reals(1 / 100, 1, 'ρ ∈ (0, 1]: the density of v0'),
    lambdaRatio: reals(1 / 100, 10, 'λ/λ_alg'),
    batch: integers(1, C1_BATCH, `datasets per trial: the median of ${C1_BATCH} is what C1 calibrates`),
    amp: FLAG,
    tol: reals(1 / 100, 1, 'the squared-overlap tolerance of the check'),
    realised: FLAG,
  },
  ladders: {
    small: [c1Rung(3, { runs: 8 }), c1Rung(0.5, { runs: 4 })],
    default: [c1Rung(0.5, { runs: 20 }), c1Rung(1.5, { runs: 8 }), c1Rung(2, { runs: 30 }), c1Rung(3, { runs: 20 })],
    large: [
      ...[0.5, 0.8, 1.2, 1.5, 2, 3].map((r) => c1Rung(r, { runs: 100 })),
      ...[0.5, 1.5, 2, 3].map((r) => c1Rung(r, { d: 256, batch: 1, amp: 0, tol: 0.15, runs: 100 })),
    ],
  },
  expect: c1Expect,
  instance(params) {
    const tol = params.tol ?? 0.1;
    if (!(tol > 0 && Number.isFinite(tol))) throw new InputError('params.tol', tol, 'a finite number > 0');
    const amp = choice(params, 'amp', [0, 1]);
    const realised = choice(params, 'realised', [0, 1]);
    return batchInstance(params, C1_BATCH).map((base) => ({ ...base, amp, tol, realised }));
  },
  check(inst) {
    const { d, n, rho, lambda, seeds } = inst;
    const alpha = n / d;
    const pca = new Float64Array(seeds.length);
    const ampOverlap = new Float64Array(seeds.length);
    const pcaCurve = new Float64Array(seeds.length);
    const priors = spikedPriors(rho);
    seeds.forEach((seed, k) => {
      const s = stream(seed);
      const data: SpikedMixture = sampleSpiked(s.child('data'), d, n, lambda, { rho });
      pca[k] = squaredOverlap(topLeftSingularVector(data.Y, d, n), data.v0);
      let v0Norm2 = 0;
      for (let i = 0; i < d; i++) v0Norm2 += data.v0[i] ** 2;
      pcaCurve[k] = pcaOverlapTheory(inst.realised ? (lambda * v0Norm2) / d : lambda * rho, 1 / alpha);
      if (inst.amp) ampOverlap[k] = squaredOverlap(amp(data.Y, d, n, lambda, priors, s.child('start').normals(n, AMP_START)).v, data.v0);
    });
    const pcaMedian = median(pca);
    const pcaTheory = median(pcaCurve);
    // CLAIMS C1 (PCA, the BBP overlap (1 − γ/β²)/(1 + γ/β)): the median sees the spike and lies within tol of the curve.
    let pass = pcaMedian > C1_DETECT && Math.abs(pcaMedian - pcaTheory) < inst.tol;
    const observables: Record<string, number> = { pca: pcaMedian, pcaTheory };
    if (inst.amp) {
      const ampMedian = median(ampOverlap);
      const ampTheory = ampOverlapTheory(lambda, alpha, rho);
      // CLAIMS C1 (AMP, state evolution from a random start): the same for AMP against its SE fixed point.
      pass = pass && ampMedian > C1_DETECT && Math.abs(ampMedian - ampTheory) < inst.tol;
      observables.amp = ampMedian;
      observables.ampUninformative = ampOverlap.filter((o) => o <= C1_DETECT).length / seeds.length;
    }
    return { pass, observables };
  },
  plot: { x: 'lambdaRatio', series: 'd', threshold: { value: 1, label: 'λ = λ_alg = 1/(ρ√α)' } },
  reference(params) {
    const { alpha, rho, lambda } = spikedSetting(params);
    const ref: Record<string, number> = { pca: pcaOverlapTheory(lambda * rho, 1 / alpha) };
    if ((params.amp ?? 1) === 1) ref.amp = ampOverlapTheory(lambda, alpha, rho);
    return ref;
  },
  notes: [
    'ρ = 0.5, α = 2, λ_alg = 1/(ρ√α) = √2. Observables are squared overlaps ⟨v̂, v0⟩²/(‖v̂‖²‖v0‖²), median over the datasets of a trial. References: PCA (1 − γ/β²)/(1 + γ/β) with β = λρ, γ = 1/α (0 below β = √γ); AMP: the state-evolution fixed point reached from a small overlap (0.634 at 2λ_alg, 0 below λ_alg).',
    'Pass: the median exceeds 0.15 and lies within tol of its curve, for PCA and (amp = 1) AMP. PCA is compared with its formula at each dataset\'s realised β = λ‖v0‖²/d (observable pcaTheory, the median over the batch): ‖v0‖²/d fluctuates by 28% per dataset at d = 64, the largest part of the spread of the PCA overlap; the reference column is the population curve at β = λρ. AMP starts from û⁰ ~ N(0, 1e−6 I); about 10% of its runs at d = 64 stay uninformative (observable ampUninformative), so only batch medians are scored for AMP.',
    'Calibration (CLAIMS C1, numpy): batch of 20 at d = 64, within 0.1 in 0.97 of batches at 2λ_alg for PCA and for AMP; median > 0.15 in 0.00 at λ_alg/2. Here a trial is a batch of 40 (measured with 20: rms deviation 0.05 for each estimator, joint pass ≈ 0.92, too close to the 0.9 target; with 40: rms 0.028 for PCA at the realised β, 0.035 for AMP, 167/172 batches passing at 2λ_alg, the misses being batches where AMP lands 0.1 low). 3λ_alg is gated as well (the d = 1024 medians of CLAIMS C match the curves there; measured 40/40 batches). Large ladder: per-seed PCA at d = 256 against the curve at the realised β = λ‖v0‖²/d, within 0.15 in 0.98 (CLAIMS).',
    'Calibration of the λ_alg/2 control (harness, seed 1): batches of 40 pass 0/100 at d = 16, 64 and 128 (also at α = ½, ρ = 0.05, and α = 4 with ρ = 1) and 0/200 at d = 8; single datasets pass 0/200 at d = 256 (the large ladder\'s per-seed rung), 2/200 at d = 32 and 5/200 at d = 16; the table is in the claim\'s file.',
  ],
};
