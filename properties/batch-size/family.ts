// Arnaboldi, Dandi, Krzakala, Loureiro, Pesce, Stephan 2024: online learning and information exponents — the
// batch size n_b against the iteration time of one-pass SGD. Target He3(θ·x) (information exponent ℓ = 3),
// student He3(w·x) with p = 1, a = 1, ‖w‖ = 1 (projected SGD), initial overlap exactly 1/√d, fresh batches,
// γ = 0.01 · n_b · d^{−ℓ/2} (capped at 0.5), horizon T = 100 d²/n_b, t* = first step with ⟨w, θ⟩ > 1/2.
// See CLAIMS.md, section B (and its conventions for the dynamics claims), for the calibration cited below.
//
// What both batch-size claims use: the protocol, the rule, the check, the reference and the notes; each claim
// file holds its statement and ladders.
import fc from 'fast-check';
import { orthonormalDirections, hermiteTarget } from '../../src/core/data/targets';
import type { CheckContext, CheckResult, Expectation, Params, Rung } from '../../src/contract/claim';
import { InputError } from '../../src/contract/errors';
import { deriveSeed, stream } from '../../src/core/rng';
import { firstCrossing, gaussianSampler, unitWithOverlap, type OnlineSetup } from '../shared/online-sgd';
import { integers, intParam, SEED } from '../shared/params';

export const PAPER = 'Arnaboldi, Dandi, Krzakala, Loureiro, Pesce, Stephan 2024';
export const TITLE = 'Online learning and information exponents: the importance of batch size and time/complexity tradeoffs';

/** Information exponent of He3. */
const ELL = 3;
/** t* is the first step with ⟨w, θ⟩ above this (CLAIMS B). */
const CROSSING = 0.5;
/** B1/B2's check: n·t* within this factor of its value at n = 1, either way. */
const FACTOR = 2;
/** Loss codes of the rung parameter `loss` (numbers only: Params are numeric). */
export const LOSS = { square: 0, correlation: 1 } as const;
export const LOSS_NAMES = ['square', 'correlation'] as const;

function lossParam(p: Params): 0 | 1 {
  const v = p.loss ?? 0;
  if (v !== 0 && v !== 1) throw new InputError('params.loss', v, '0 (square) or 1 (correlation)');
  return v;
}

/** d^{ℓ/2}: the batch size beyond which square-loss SGD stops gaining (CLAIMS B). */
export function criticalBatch(d: number): number {
  return d ** (ELL / 2);
}

/** γ = 0.01 · n_b · d^{−ℓ/2}, capped at 0.5 (CLAIMS B). */
export function learningRate(d: number, nb: number): number {
  return Math.min(0.5, (0.01 * nb) / criticalBatch(d));
}

/** T = 100 d²/n_b steps (at least one). */
export function horizon(d: number, nb: number): number {
  return Math.max(1, Math.ceil((100 * d * d) / nb));
}

/** n·t* measured in CLAIMS B (numpy, median of 5 seeds); undefined = never reached within T. */
const MEASURED: Record<number, Record<string, (number | undefined)[]>> = {
  16: { square: [1036, 960, 656, 4480, 4608, undefined], correlation: [1221, 1224, 1216, 1216, 1280, 2048] },
  32: { square: [4062, 4064, 7424, 6144, 6656, 18432], correlation: [4062, 4064, 4032, 4096, 4096, 5120] },
};
const MEASURED_NB = [1, 4, 16, 64, 256, 1024];

export interface BatchInstance {
  d: number;
  nb: number;
  loss: 0 | 1;
  seed: number;
}

/**
 * Where the square loss's control sits. CLAIMS B2 puts it at n_b ≥ 4·d^{ℓ/2}; in this protocol (γ = 0.01·n_b·d^{−3/2})
 * the square loss still keeps n·t* within 2× there. What stalls it is the self-term of one step: the student's
 * own gradient has mean E[He3(h)He3'(h)h]·w = 18w, so a step maps w to (1 − 18γ)w + γ·(tangential) before the
 * projection, and once |1 − 18γ| > 1 (γ > 1/9, n_b > 11.1·d^{3/2}, derived) the projection shrinks every tangential
 * gain. The control is gated from 16·d^{3/2} (|1 − 18γ| ≥ 1.88); [4, 16)·d^{3/2} is observe.
 * Calibration (this protocol: batchCheck with the reference trainer, trial seeds deriveSeed('calib-b', seed, i), 30
 * trials a cell; trials whose n_b = 1 reference never crossed within T are not scored, hence the /29). Pass rate of
 * "n·t* within 2×" by n_b / d^{3/2}; "a b" = seed 1, seed 7; one entry = seed 1 only:
 *
 * | d  | loss        | 1/4         | 1     | 4           | 5.66        | 8           | 11.3        | 16          | 22.6–32     |
 * |----|-------------|-------------|-------|-------------|-------------|-------------|-------------|-------------|-------------|
 * | 16 | square      | 29/29 27/29 | 27/29 | 22/29 18/29 | 19/29       | 11/29 14/29 | 7/29        | 1/29 0/29   | 0/29 0/29   |
 * | 32 | square      | 29/29 29/30 | 26/29 | 24/29 20/30 | 19/29       | 5/29 5/30   | 0/29        | 0/29 0/30   | 0/29        |
 * | 16 | correlation | 30/30 29/29 |       | 30/30 29/29 |             | 29/30 (2d²) |             | 18/30 (4d²) |             |
 * | 32 | correlation | 30/30 30/30 |       | 30/30 30/30 | 30/30 30/30 |             | 26/30 (2d²) |             |             |
 *
 * Below 1/4 (seed 1): square 29/29 (d = 16, n_b = 4), 28/29 and 28/29 (d = 32, n_b = 4, 16); correlation 30/30 at
 * n_b = 4 and 16 for both d. The correlation loss holds from 4·d^{3/2} while n_b ≤ d² (t* ≈ 4d²/n_b ≥ 4 steps).
 */
export const SQUARE_STALL = 16;

/**
 * The expected outcome of "n·t* within 2× of n = 1" (CLAIMS B1, B2): holds for n_b ≤ d^{ℓ/2}/4 with either loss;
 * beyond 4·d^{ℓ/2} the correlation loss holds while n_b ≤ d² and the square loss fails from 16·d^{ℓ/2} (see
 * SQUARE_STALL for why not 4·d^{ℓ/2}, and the table).
 */
export function batchExpect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const nb = intParam(params, 'nb', 1);
  const loss = lossParam(params);
  const crit = criticalBatch(d);
  if (nb <= crit / 4) return { outcome: 'holds', why: 'n_b ≤ d^{ℓ/2}/4: the batch divides the iterations, n·t* unchanged' };
  if (nb >= 4 * crit) {
    if (loss === LOSS.square) {
      return nb >= SQUARE_STALL * crit
        ? { outcome: 'fails', why: 'n_b ≥ 16·d^{ℓ/2}: the square loss\'s self-term (|1 − 18γ| ≥ 1.88) stalls SGD, n·t* ≥ 3× or never (0–1/29 within 2× at d = 16, 32)' }
        : { outcome: 'observe', why: 'n_b in [4, 16)·d^{ℓ/2}: 62–83% within 2× at 4·d^{ℓ/2}, 17–48% at 8·d^{ℓ/2} (d = 16, 32): the stall needs |1 − 18γ| > 1' };
    }
    if (nb <= d * d) return { outcome: 'holds', why: 'correlation loss: no self-term, n·t* stays within 2×' };
    return { outcome: 'observe', why: 't* ≈ 4d²/n_b is at its floor of a few steps: n·t* is quantised by n_b' };
  }
  return { outcome: 'observe', why: 'crossover around d^{ℓ/2}: no calibrated expectation' };
}

export function batchRung(d: number, nb: number, loss: 0 | 1, runs?: number): Rung {
  const params = { d, nb, loss };
  return { name: `d=${d}, n_b=${nb}, ${LOSS_NAMES[loss]}`, params, expected: batchExpect(params), ...(runs ? { runs } : {}) };
}

function batchArbitrary(params: Params): fc.Arbitrary<BatchInstance> {
  return fc.record({
    d: fc.constant(intParam(params, 'd', 2)),
    nb: fc.constant(intParam(params, 'nb', 1)),
    loss: fc.constant(lossParam(params)),
    seed: SEED,
  });
}

/** Seeds per trial: CLAIMS B reports the median of 5 seeds, and single runs spread over a factor ~10. */
const SEEDS_PER_TRIAL = 5;

interface PairedRun {
  /** n_b·t*(n_b), or n_b·T when the run never crosses. */
  nt: number;
  reached: boolean;
  /** t* at n_b = 1 on the same samples (undefined: no crossing within 100d²). */
  t1?: number;
  /** The n_b run's last batch loss. */
  loss: number;
}

/** One seed: t* at batch n_b and at n_b = 1 on the same sample sequence (common random numbers), same θ and w0. */
async function pairedRun(inst: BatchInstance, ctx: CheckContext, seed: number): Promise<PairedRun | CheckResult> {
  const { d, nb, loss } = inst;
  const s = stream(seed);
  const theta = orthonormalDirections(s.child('theta'), 1, d);
  const W0 = unitWithOverlap(s.child('init'), theta, 1 / Math.sqrt(d));
  const sample = gaussianSampler(d, (X, n) => hermiteTarget(X, n, d, theta, ELL));
  const run = (batch: number) => {
    const setup: OnlineSetup = { activation: 'he3', d, p: 1, loss: LOSS_NAMES[loss], gamma: learningRate(d, batch), nb: batch, rho: 0, unitRows: true };
    // First segment: about d² samples, a quarter of the typical n·t* ≈ 4d² at n_b = 1.
    return firstCrossing(ctx.trainer, setup, W0, theta, CROSSING, horizon(d, batch), Math.max(1, Math.ceil((d * d) / batch)), sample, s.child('data'));
  };
  const base = await run(1);
  if ('pass' in base) return base;
  const at = await run(nb);
  if ('pass' in at) return at;
  return { nt: nb * at.steps, reached: at.tStar !== undefined, loss: at.loss, ...(base.tStar !== undefined ? { t1: base.tStar } : {}) };
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/**
 * One trial: SEEDS_PER_TRIAL paired runs (n_b and n_b = 1 on the same samples); passes when the median of
 * n_b·t*(n_b) / t*(1) is within 2× either way. A run that never crosses counts as an infinite ratio.
 */
async function batchCheck(inst: BatchInstance, ctx: CheckContext): Promise<CheckResult> {
  const runs: PairedRun[] = [];
  for (let i = 0; i < SEEDS_PER_TRIAL; i++) {
    const out = await pairedRun(inst, ctx, deriveSeed(inst.seed, i));
    if ('pass' in out) return out;
    runs.push(out);
  }
  const base = runs.filter((r) => r.t1 !== undefined);
  const observables = {
    nTStar: median(runs.map((r) => r.nt)),
    reached: runs.filter((r) => r.reached).length / runs.length,
    loss: median(runs.map((r) => r.loss)),
    ...(base.length ? { tStar1: median(base.map((r) => r.t1 as number)) } : {}),
  };
  if (base.length < runs.length) {
    return { pass: false, status: 'not-scored', reason: `${runs.length - base.length} of ${runs.length} runs at n_b = 1 did not cross within T = ${horizon(inst.d, 1)}: no reference time`, observables };
  }
  const ratios = runs.map((r) => (r.reached ? r.nt / (r.t1 as number) : Number.POSITIVE_INFINITY));
  const ratio = median(ratios);
  // CLAIMS B1/B2 (n_b ≲ d^{ℓ/2} leaves the sample complexity unchanged): median n_b·t*(n_b)/t*(1) within 2×.
  const pass = ratio <= FACTOR && ratio >= 1 / FACTOR;
  // An infinite median is reported at the horizon's value, so the observable stays finite.
  const shown = Number.isFinite(ratio) ? ratio : median(runs.map((r) => r.nt / (r.t1 as number)));
  return { pass, observables: { ...observables, ratio: shown } };
}

function batchReference(params: Params): Record<string, number> | undefined {
  const d = params.d;
  const k = MEASURED_NB.indexOf(params.nb);
  const row = MEASURED[d]?.[LOSS_NAMES[lossParam(params)]];
  if (!row || k < 0) return undefined;
  const nt = row[k];
  const base = row[0] as number;
  return nt === undefined ? { nTStar: params.nb * horizon(d, params.nb), reached: 0 } : { nTStar: nt, ratio: nt / base };
}

export const CALIBRATION_NOTE =
  'Calibration (CLAIMS B, numpy, median n·t* of 5 seeds; d = 16 square 1036 / 960 / 656 / 4480 / 4608 / never, correlation 1221 / 1224 / 1216 / 1216 / 1280 / 2048; d = 32 square 4062 / 4064 / 7424 / 6144 / 6656 / 18432, correlation 4062 / 4064 / 4032 / 4096 / 4096 / 5120 at n_b = 1 / 4 / 16 / 64 / 256 / 1024): the reference columns.';
export const PROTOCOL_NOTE =
  'Protocol: He3 student and target, p = 1, ‖w‖ = 1 after every step, ⟨w0, θ⟩ = 1/√d, γ = 0.01·n_b·d^{−3/2} on the mean batch loss, T = 100d²/n_b, t* = first step with ⟨w, θ⟩ > 1/2. A trial is 5 seeds (CLAIMS reports medians of 5); each seed runs n_b and n_b = 1 on the same sample sequence (common random numbers: each run alone is the protocol, the pairing only removes the between-seed spread from the comparison) and the trial passes when the median of n_b·t*(n_b)/t*(1) is in [1/2, 2]. loss 0 = square (residual y − He3(w·x)), 1 = correlation (residual y).';

export const STALL_NOTE =
  'The square-loss control sits at n_b ≥ 16·d^{3/2}, not at CLAIMS B2\'s 4·d^{3/2}: in this protocol the square loss keeps n·t* within 2× in 62–83% of trials at 4·d^{3/2} and 17–48% at 8·d^{3/2}, and in 0–1 of 29 at 16·d^{3/2} (d = 16 and 32, seeds 1 and 7, 30 trials each; table beside SQUARE_STALL). Derived: one step maps w to (1 − 18γ)w + γ·(tangential) (E[He3(h)He3\'(h)h] = 18), and the projection shrinks every tangential gain once |1 − 18γ| > 1, i.e. n_b > 11.1·d^{3/2}; at 16·d^{3/2} the factor is 1.88. [4, 16)·d^{3/2} is observe.';

export const MEASURED_NOTE =
  'Measured here (median n·t* per trial of 5 seeds, 20 trials, d = 16): square 1698 / 1764 / 1800 / 2816 / 3072 / 25600 (horizon: 40% of runs cross), correlation 1024 / 860 / 1120 / 1184 / 1280 / 2048 at n_b = 1 / 4 / 16 / 64 / 256 / 1024; single runs spread over a factor ~10 (square) and ~4 (correlation), hence the 5-seed medians and the paired samples. The square loss at n_b = 1 is slower and noisier than in the CLAIMS table (a direct numpy run of the protocol agrees with the harness: d = 16 median 1768, d = 32 median 22000 vs 4062): its self-term adds a noise of the order of the drift at ⟨w, θ⟩ = 1/√d. d = 32 (seed 3, 10 trials): square 11507 / 9236 / 10752 / 11840 / 9088 / 102400 (horizon, 20% of runs cross; 0/10 within 2× at 5.7·d^{3/2}), correlation 4182 / 5202 / 3984 / 5216 / 4992 / 7168 (ratio 1.24), at n_b = 1 … 1024; 4096 (square): 0/10.';

export const SHARED = {
  paper: PAPER,
  // 24 trials: a run at n_b = 1 that never crosses within T leaves its trial not scored (about 5%), and a gated
  // rung decides on ≥ 20 scored.
  runs: 24,
  defaults: { d: 16, nb: 4, loss: LOSS.square },
  domain: {
    d: integers(2, 64, 'd ≤ 64: a trial is 5 seeds × two SGD runs of up to 100d² samples of d entries, 7 s at d = 64, a minute at d = 128 (CLAIMS B: d = 16, 32)'),
    nb: integers(1, 16384, 'n_b ≤ 16384: twice 16·d^{3/2}, where the square loss stalls, at d = 64'),
    loss: integers(0, 1, '0: square, 1: correlation'),
  },
  expect: batchExpect,
  instance: batchArbitrary,
  check: batchCheck,
  plot: { x: 'nb', series: 'd', logX: true, labels: { loss: LOSS_NAMES } },
  // Where the square loss stops gaining: n_b ∝ d^{ℓ/2} (the constant is this protocol's, see SQUARE_STALL).
  transition: { x: 'nb', by: 'd', where: { loss: LOSS.square }, holds: 'below' as const, exponent: ELL / 2, label: 'square loss: n_b ~ d^{ℓ/2}, ℓ = 3' },
  reference: batchReference,
};
