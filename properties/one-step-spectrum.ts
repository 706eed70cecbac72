// Cui et al. 2024 (asymptotics of feature learning after one gradient step) and Dandi et al. 2024 (a random
// matrix view of the spectrum of learned features): what ONE large first-layer step does to a two-layer
// network. Setting (CLAIMS.md, section S): f(x) = (1/√p) aᵀ relu(Wx), rows of W0 uniform on the unit sphere,
// a_j = ±1/√p fixed, d = 32, p = 64, target y = σ*(θ·x) with θ a unit vector, x ~ N(0, I_d); one full-batch
// GD step on ½·mean (y − f)² over a fresh batch of n0 samples, W1 = W0 − η ∇_W, η = Θ(d).
//
// Each instance is an integer seed; the check builds W0, a, θ and the data from stream(seed) and takes the
// step through the plugged-in trainer.
import fc from 'fast-check';
import { gaussianExpectation, hermite } from '../src/core/data/hermite';
import { orthonormalDirections, singleIndex } from '../src/core/data/targets';
import { reluFeatureCovariance } from '../src/core/estimators/feature-covariance';
import { topEigenpair } from '../src/core/estimators/top-eigenpair';
import type { CheckResult, Claim, Expectation, Params, Rung } from '../src/contract/claim';
import { InputError } from '../src/contract/errors';
import { gemmNT, gemmTN } from '../src/core/linalg/gemm';
import { ridgeWithIntercept } from '../src/core/linalg/least-squares';
import { stream, type Stream } from '../src/core/rng';
import type { TrainRequest, Trainer } from '../src/contract/trainer';
import { choice, countOf, intParam, positiveParam, SEED } from './shared/params';

const PAPER = 'Cui et al. 2024; Dandi et al. 2024';
const CUI = 'Cui, Pesce, Dandi, Krzakala, Lu, Zdeborová, Loureiro 2024, Asymptotics of feature learning in two-layer networks after one gradient-step';
const DANDI = 'Dandi, Pesce, Cui, Krzakala, Lu, Loureiro 2024, A random matrix theory perspective on the spectrum of learned features';

// ------------------------------------------------------------------------------------------------
// Targets and their Gaussian moments.

interface Target {
  name: string;
  link: (z: number) => number;
}

/** Rung parameter `target` indexes this list (Params are numeric). */
export const TARGETS: readonly Target[] = [
  { name: 'tanh + He2/2', link: (z) => Math.tanh(z) + hermite(2, z) / 2 },
  { name: 'He2', link: (z) => hermite(2, z) },
  { name: '4z + z²', link: (z) => 4 * z + z * z },
  // CLAIMS' κ = 2.00 for "He1 + He2" is that of the normalised He2/√2.
  { name: 'He1 + He2/√2', link: (z) => z + hermite(2, z) / Math.SQRT2 },
];

export interface TargetMoments {
  /** E[σ*(z)²]. */
  E2: number;
  /** μ0 = E[σ*(z)], μ1 = E[σ*(z) z]. */
  mu0: number;
  mu1: number;
  /** κ_t = E[σ*²] / μ1² (Infinity when μ1 = 0). */
  kappa: number;
}

const momentCache = new Map<number, TargetMoments>();

/** Gauss–Hermite moments (exact to rounding for the polynomial targets, spectrally accurate for tanh). */
export function targetMoments(target: number): TargetMoments {
  const hit = momentCache.get(target);
  if (hit) return hit;
  const g = TARGETS[target].link;
  const E2 = gaussianExpectation((z) => g(z) ** 2);
  const mu0 = gaussianExpectation(g);
  const mu1Raw = gaussianExpectation((z) => g(z) * z);
  // μ1 of He2 is a rounding residue: zero below n·ε of the target's scale.
  const mu1 = Math.abs(mu1Raw) <= 120 * Number.EPSILON * Math.sqrt(E2) ? 0 : mu1Raw;
  const moments = { E2, mu0, mu1, kappa: mu1 === 0 ? Infinity : E2 / (mu1 * mu1) };
  momentCache.set(target, moments);
  return moments;
}

/** 1/√(1 + κ d/n0): the one-step overlap of CLAIMS S (0 when μ1 = 0). */
export function oneStepOverlap(kappa: number, d: number, n0: number): number {
  return 1 / Math.sqrt(1 + (kappa * d) / n0);
}

// ------------------------------------------------------------------------------------------------
// The network, the data and the giant step.

interface Network {
  W0: Float64Array;
  a: Float64Array;
}

/** Rows of W0 uniform on the unit sphere, a_j = ±1/√p with independent fair signs. */
function initialNetwork(s: Stream, d: number, p: number): Network {
  const W0 = s.child('W0').normals(p * d);
  for (let j = 0; j < p; j++) {
    let r = 0;
    for (let k = 0; k < d; k++) r += W0[j * d + k] ** 2;
    r = Math.sqrt(r);
    for (let k = 0; k < d; k++) W0[j * d + k] /= r;
  }
  const signs = s.child('a');
  const a = new Float64Array(p);
  for (let j = 0; j < p; j++) a[j] = (signs.uniform() < 0.5 ? 1 : -1) / Math.sqrt(p);
  return { W0, a };
}

interface Batch {
  n: number;
  X: Float64Array;
  y: Float64Array;
}

function drawBatch(s: Stream, n: number, d: number, theta: Float64Array, target: number): Batch {
  const X = s.normals(n * d);
  return { n, X, y: singleIndex(X, n, d, theta, TARGETS[target].link) };
}

/** The convention of CLAIMS S: 1/√p output scaling, ½·mean square loss, one full-batch GD step on W only. */
function giantStepRequest(net: Network, batch: Batch, d: number, p: number, eta: number, seed: number): TrainRequest {
  return {
    network: { activation: 'relu', d, m: p, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: false, W: net.W0, a: net.a },
    data: { n: batch.n, X: batch.X, y: batch.y },
    loss: { kind: 'square', reduction: 'mean' },
    algorithm: { kind: 'gd', lr: eta, steps: 1 },
    seed,
  };
}

/** W1 after one step of size η, through the plugged-in trainer; a CheckResult when the trial cannot go on. */
async function giantStep(trainer: Trainer, net: Network, batch: Batch, d: number, p: number, eta: number, seed: number): Promise<Float64Array | CheckResult> {
  const request = giantStepRequest(net, batch, d, p, eta, seed);
  if (!trainer.supports(request)) return { pass: false, status: 'skipped', reason: `trainer ${trainer.name} does not support one full-batch GD step on a relu network` };
  const result = await trainer.train(request);
  if (result.diverged) return { pass: false, status: 'diverged', reason: `diverged at step ${result.diverged.step} (loss ${result.diverged.loss})` };
  if (result.steps !== 1) return { pass: false, status: 'error', reason: `the trainer took ${result.steps} steps, one was requested` };
  return result.W;
}

function isCheckResult(value: Float64Array | CheckResult): value is CheckResult {
  return !(value instanceof Float64Array);
}

/**
 * The premise of every check below: the trainer took the step. ‖W1 − W0‖_F no larger than one rounding unit of W0
 * (ε‖W0‖_F) is no step. On a holds or observe rung that is the claim failing; on a control rung the check would
 * then fail for want of a step, so the trial is not scored.
 */
function unmoved(W0: Float64Array, W1: Float64Array, eta: number, expected: Expectation): CheckResult | undefined {
  let change = 0;
  let norm = 0;
  for (let k = 0; k < W0.length; k++) {
    change += (W1[k] - W0[k]) ** 2;
    norm += W0[k] ** 2;
  }
  if (Math.sqrt(change) > Number.EPSILON * Math.sqrt(norm)) return undefined;
  const reason = `the step of size η = ${eta} left W where it was (‖W1 − W0‖_F = ${Math.sqrt(change).toExponential(2)} ≤ ε‖W0‖_F): the trainer did not take the giant step`;
  return expected.outcome === 'fails' ? { pass: false, status: 'not-scored', reason } : { pass: false, reason };
}

/** The instance: dimensions and target fixed by the rung, the seed drawn. */
export interface StepInstance {
  d: number;
  p: number;
  n0: number;
  target: number;
  seed: number;
}

function stepInstance(params: Params, n0: number): fc.Arbitrary<StepInstance> {
  return fc.record({
    d: fc.constant(intParam(params, 'd', 2)),
    p: fc.constant(intParam(params, 'p', 1)),
    n0: fc.constant(n0),
    target: fc.constant(choice(params, 'target', [0, 1, 2, 3])),
    seed: SEED,
  });
}

/** A count n0 (or n) given directly wins over its ratio n0OverD (nOverD) to d. */
function samples(params: Params, name: string): number {
  return countOf(params, name, `${name}OverD`, intParam(params, 'd', 2));
}

// ------------------------------------------------------------------------------------------------
// S1 the step is a rank-one spike along θ.

/** CLAIMS S1: the threshold 1/√(1 + κ d/n0) with a fixed κ = 5, above every κ_t of the catalogue's targets. */
const S1_KAPPA = 5;

function s1Expect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const ratio = samples(params, 'n0') / d;
  const hard = targetMoments(choice(params, 'target', [0, 1, 2, 3])).mu1 === 0;
  if (ratio < 8) return { outcome: 'observe', why: 'CLAIMS S1 gates n0 ≥ 8d only (0.82–0.92 at n0 ≤ 4d for tanh + He2/2)' };
  return hard
    ? { outcome: 'fails', why: 'μ1 = 0: the step carries no first-order spike along θ (measured 0.00 / 0.04 at 8d / 16d)' }
    : { outcome: 'holds', why: 'μ1 ≠ 0: the spike aligns with θ (measured 0.98 / 1.00 at 8d / 16d)' };
}

function s1Rung(target: number, ratio: number, runs?: number): Rung {
  const params = { d: 32, p: 64, n0OverD: ratio, target };
  return { name: `${TARGETS[target].name}, n0=${ratio}d`, params, expected: s1Expect(params), ...(runs ? { runs } : {}) };
}

const S1_RATIOS = [1, 2, 4, 8, 16];

export const rankOneSpike: Claim<StepInstance> = {
  id: 'spectrum.rank-one-spike',
  paper: PAPER,
  statement: 'After one giant step with n0 = O(d) samples, the top right singular vector of W1 − W0 aligns with the target direction θ when μ1(σ*) ≠ 0.',
  source: `${CUI}: the spiked random-features equivalent of the trained first layer; ${DANDI}`,
  runs: 50,
  defaults: { d: 32, p: 64, n0OverD: 8, target: 0 },
  ladders: {
    small: [s1Rung(0, 16, 20), s1Rung(1, 8, 20)],
    default: [...S1_RATIOS.map((r) => s1Rung(0, r)), ...S1_RATIOS.map((r) => s1Rung(1, r))],
    large: [0, 1, 2, 3].flatMap((t) => S1_RATIOS.map((r) => s1Rung(t, r, 200))),
  },
  expect: s1Expect,
  instance: (params) => stepInstance(params, samples(params, 'n0')),
  async check(inst, ctx) {
    const { d, p, n0, target } = inst;
    const s = stream(inst.seed);
    const net = initialNetwork(s.child('network'), d, p);
    const theta = orthonormalDirections(s.child('theta'), 1, d);
    const batch = drawBatch(s.child('batch'), n0, d, theta, target);
    // The direction of W1 − W0 = −η∇ does not depend on η: any step of the η = Θ(d) family serves.
    const W1 = await giantStep(ctx.trainer, net, batch, d, p, d, inst.seed);
    if (isCheckResult(W1)) return W1;
    const idle = unmoved(net.W0, W1, d, s1Expect(ctx.params));
    if (idle) return idle;
    const D = new Float64Array(p * d);
    for (let k = 0; k < p * d; k++) D[k] = W1[k] - net.W0[k];
    // v1 = the top eigenvector of (W1 − W0)ᵀ(W1 − W0), d x d.
    const v1 = topEigenpair(gemmTN(d, d, p, D, D, new Float64Array(d * d)), d).vector;
    let overlap = 0;
    for (let k = 0; k < d; k++) overlap += v1[k] * theta[k];
    overlap = Math.abs(overlap);
    // CLAIMS S1 (rank-one spike of the one-step update): |⟨v1, θ⟩| ≥ 1/√(1 + 5 d/n0).
    const bound = oneStepOverlap(S1_KAPPA, d, n0);
    return { pass: overlap >= bound, observables: { overlap, bound } };
  },
  plot: { x: 'n0OverD', series: 'target', logX: true },
  reference(params) {
    const d = intParam(params, 'd', 2);
    const { kappa } = targetMoments(choice(params, 'target', [0, 1, 2, 3]));
    return { overlap: kappa === Infinity ? 0 : oneStepOverlap(kappa, d, samples(params, 'n0')), bound: oneStepOverlap(S1_KAPPA, d, samples(params, 'n0')) };
  },
  notes: [
    'target 0: tanh(z) + He2(z)/2 (κ_t = E[σ*²]/μ1² = 2.44); target 1: He2 (μ1 = 0), the negative control; targets 2, 3 (large ladder): 4z + z² (κ_t = 1.19), He1 + He2/√2 (κ_t = 2).',
    'Reference overlap: 1/√(1 + κ_t d/n0), the one-step overlap of CLAIMS S (measured there within 0.04 of the median), 0 for He2; the pass bound uses κ = 5.',
    'Calibration (CLAIMS S1, numpy, 50 seeds): tanh + He2/2 passes 0.82 / 0.90 / 0.92 / 0.98 / 1.00 at n0 = d / 2d / 4d / 8d / 16d; He2 0.36 / 0.20 / 0.12 / 0.00 / 0.04. Gated: n0 ≥ 8d.',
    'Negative control (CLAIMS S1): the He2 target (μ1 = 0), a run of the trainer on the other side of μ1 ≠ 0, at the gated n0 ∈ {8d, 16d}. A trial whose step left W0 unchanged (‖W1 − W0‖_F ≤ ε‖W0‖_F) fails on the tanh + He2/2 rungs and is not scored on the He2 control: a zero update has no singular vector to read.',
  ],
};

// ------------------------------------------------------------------------------------------------
// S2 ridge on the stepped features beats the random-features floor.

/** CLAIMS S2: the margin below the random-features floor that counts as beating it. */
const S2_MARGIN = 0.05;
/** Readout ridge penalty, normalised by n (calibrated, see the notes). */
const S2_LAMBDA = 1e-3;
/** Steps up to η = d/4 are below the giant-step scaling: calibrated to fail (notes). */
const S2_SMALL_STEP = 1 / 4;
/** Fresh test samples: the Monte Carlo error of the test MSE, ≈ √(Var (y − f)²/n_test) ≈ 0.015, is under a third of the margin. */
const S2_TEST = 2048;

/** E[σ*²] − μ0² − μ1²: what ridge on untrained features cannot go below when n, p, d grow proportionally. */
export function randomFeaturesFloor(target: number): number {
  const { E2, mu0, mu1 } = targetMoments(target);
  return E2 - mu0 * mu0 - mu1 * mu1;
}

export interface ReadoutInstance extends StepInstance {
  n: number;
  eta: number;
}

function s2Expect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const eta = (params.etaOverD ?? 0) * d;
  const n0 = samples(params, 'n0');
  const n = samples(params, 'n');
  if (eta === 0) return { outcome: 'fails', why: 'η = 0 is ridge on random features: it never beats the floor (0/20 in CLAIMS S2)' };
  // The trainer's own run below the giant-step scaling η = Θ(d): the step is taken but too small to help.
  if (eta <= S2_SMALL_STEP * d) return { outcome: 'fails', why: 'η ≤ d/4, below the giant-step scaling η = Θ(d): the stepped features still do not beat the floor (0/60 at η = 1 and d/4, d = 32; 0/40 at d = 64)' };
  // The calibrated settings of CLAIMS S2, and anything with more samples for the step or the readout.
  const calibrated = (n0 >= 4 * d && n >= 16 * d) || (n0 >= 8 * d && n >= 8 * d);
  if (eta >= 4 * d && calibrated) {
    return { outcome: 'holds', why: 'after the step the readout learns beyond the linear part (0.95–1.00 in CLAIMS S2)' };
  }
  return { outcome: 'observe', why: 'not gated in CLAIMS S2 (e.g. n = n0 = 4d reaches 0.3–0.6 there)' };
}

function s2Rung(etaOverD: number, n0OverD: number, nOverD: number, runs?: number): Rung {
  const d = 32;
  const params = { d, p: 64, target: 0, etaOverD, n0OverD, nOverD };
  const eta = etaOverD * d === 1 ? 'η=1' : etaOverD === 1 ? 'η=d' : `η=${etaOverD}d`;
  return { name: `${eta}, n0=${n0OverD}d, n=${nOverD}d`, params, expected: s2Expect(params), ...(runs ? { runs } : {}) };
}

/** η = 1 at d = 32: a step of order one, below the giant-step scaling η = Θ(d). */
const S2_ETA_ONE = 1 / 32;

export const beyondRandomFeatures: Claim<ReadoutInstance> = {
  id: 'spectrum.beyond-random-features',
  paper: PAPER,
  statement: 'After one giant step (η = Θ(d)), ridge on the learned features reaches test error below the random-features floor E[σ*²] − μ0² − μ1²; on the initial features it cannot.',
  source: `${CUI}: exact asymptotic test error after one step, improving over random features`,
  runs: 30,
  defaults: { d: 32, p: 64, target: 0, etaOverD: 4, n0OverD: 4, nOverD: 16 },
  ladders: {
    small: [s2Rung(8, 8, 8, 15), s2Rung(0, 8, 8, 15), s2Rung(S2_ETA_ONE, 8, 8, 15)],
    default: [
      s2Rung(0, 4, 16, 20), s2Rung(S2_ETA_ONE, 4, 16, 20), s2Rung(4, 4, 16), s2Rung(8, 4, 16),
      s2Rung(0, 8, 8, 20), s2Rung(4, 8, 8), s2Rung(8, 8, 8), s2Rung(4, 4, 4, 20), s2Rung(8, 4, 4, 20),
    ],
    large: [0, S2_ETA_ONE, 0.25, 1, 2, 4, 8].flatMap((e) => [s2Rung(e, 4, 16, 100), s2Rung(e, 8, 8, 100), s2Rung(e, 4, 4, 100)]),
  },
  expect: s2Expect,
  instance(params) {
    const d = intParam(params, 'd', 2);
    const eta = (params.etaOverD ?? 0) * d;
    if (!(eta >= 0 && Number.isFinite(eta))) throw new InputError('params.etaOverD', params.etaOverD, 'a finite number ≥ 0');
    const n = samples(params, 'n');
    return stepInstance(params, samples(params, 'n0')).map((base) => ({ ...base, n, eta }));
  },
  async check(inst, ctx) {
    const { d, p, n0, n, eta, target } = inst;
    const s = stream(inst.seed);
    const net = initialNetwork(s.child('network'), d, p);
    const theta = orthonormalDirections(s.child('theta'), 1, d);
    let W = net.W0;
    // η = 0 is the untrained network: ridge on random features, the negative control.
    if (eta > 0) {
      const W1 = await giantStep(ctx.trainer, net, drawBatch(s.child('batch'), n0, d, theta, target), d, p, eta, inst.seed);
      if (isCheckResult(W1)) return W1;
      const idle = unmoved(net.W0, W1, eta, s2Expect(ctx.params));
      if (idle) return idle;
      W = W1;
    }
    const train = drawBatch(s.child('readout'), n, d, theta, target);
    const { w, b } = ridgeWithIntercept(features(W, train, d, p), n, p, train.y, S2_LAMBDA);
    const test = drawBatch(s.child('test'), S2_TEST, d, theta, target);
    const F = features(W, test, d, p);
    let mse = 0;
    for (let i = 0; i < S2_TEST; i++) {
      let f = b;
      for (let j = 0; j < p; j++) f += F[i * p + j] * w[j];
      mse += (test.y[i] - f) ** 2;
    }
    const testMse = mse / S2_TEST;
    const floor = randomFeaturesFloor(target);
    // CLAIMS S2 (beyond random features): test MSE < E[σ*²] − μ0² − μ1² − 0.05.
    return { pass: testMse < floor - S2_MARGIN, observables: { testMse, gap: floor - testMse } };
  },
  plot: { x: 'etaOverD', series: 'nOverD' },
  reference: (params) => ({ testMse: randomFeaturesFloor(choice(params, 'target', [0, 1, 2, 3])) }),
  notes: [
    'A trial with η > 0 whose step left W0 unchanged (‖W1 − W0‖_F ≤ ε‖W0‖_F) fails on the holds rungs and is not scored on the η = 1 control, where ridge on W0 would fail whatever the trainer.',
    'Features relu(Wx)/√p of the stepped W (or W0 at η = 0), readout fitted by ridge with penalty λ = 1e−3 (normalised by n) and an unpenalised intercept on n fresh samples; test MSE on 2048 fresh samples. Reference: the random-features floor E[σ*²] − μ0² − μ1² = 0.5274 (tanh + He2/2); pass = test MSE below it by 0.05.',
    'Negative controls: η = 0 (CLAIMS S2: ridge on the initial features, no trainer call) and η = 1, a run of the trainer below the giant-step scaling η = Θ(d) (the step is taken, the premise that W moved holds, and the check must still fail). This harness, pass rates at n0 = 4d, n = 16d: η = 1: 0/60 (seeds 1 and 7, d = 32; median test MSE 0.62–0.63), 0/40 (d = 64); η = d/8: 0/60; η = d/4: 0/60 (d = 32), 0/40 (d = 64); η = d/2: 2/60; η = d: 10/60; η = 4d: 0.95 (CLAIMS), 39/40 at d = 64. At n0 = n = 8d, η = 1: 0/60. Fails is gated for η ≤ d/4 only.',
    'Calibration (CLAIMS S2, numpy): η = 0 fails 0/20; n0 = 4d, n = 16d: 0.95 at η = 4d, 1.00 at 8d; n0 = n = 8d: 0.96 / 1.00. Without the intercept the η = 4d rungs measured only 0.78–0.88 here (λ from 1e−4 to 1e−2), with it 0.96–1.00: the intercept is part of the encoding. n0 = n = 4d is reported (observe).',
  ],
};

/** relu(X Wᵀ)/√p, n x p. */
function features(W: Float64Array, batch: Batch, d: number, p: number): Float64Array {
  const F = gemmNT(batch.n, p, d, batch.X, W, new Float64Array(batch.n * p));
  const c = 1 / Math.sqrt(p);
  for (let k = 0; k < F.length; k++) F[k] = F[k] > 0 ? F[k] * c : 0;
  return F;
}

// ------------------------------------------------------------------------------------------------
// S3 the outlier of the feature covariance grows with η.

/**
 * CLAIMS S3's resolution of λ_max: consecutive values may dip by at most 2% (strict monotonicity holds only
 * 0.70–0.81), and "grows" means up by more than the same 2% over the grid (a flat λ_max is not growth).
 */
const S3_TOLERANCE = 0.02;

/** CLAIMS S3's measured λ_max(η)/λ_max(0) for tanh + He2/2, keyed by η/d. */
const S3_RATIOS = new Map([[0.5, 1.01], [1, 1.15], [2, 2.5], [4, 8.1]]);

export interface OutlierInstance extends StepInstance {
  /** The grid η ∈ {0, η_max/4, η_max/2, η_max}. */
  etaMax: number;
}

function s3Expect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const etaMax = positiveParam(params, 'etaMaxOverD') * d;
  if (etaMax >= 2 * d) return { outcome: 'holds', why: 'λ_max(2d)/λ_max(0) ≈ 2.5, non-decreasing within 2% in 0.98–1.00 of 200 seeds (CLAIMS S3)' };
  return { outcome: 'observe', why: `CLAIMS S3 calibrates the grid up to 2d; λ_max(η)/λ_max(0) ≈ 1.01 at d/2, 1.15 at d, so below 2d the growth is within or near the 2% resolution` };
}

function s3Rung(target: number, etaMaxOverD: number, runs?: number): Rung {
  const params = { d: 32, p: 64, n0OverD: 4, target, etaMaxOverD };
  return { name: `${TARGETS[target].name}, η≤${etaMaxOverD}d`, params, expected: s3Expect(params), ...(runs ? { runs } : {}) };
}

export const outlierGrows: Claim<OutlierInstance> = {
  id: 'spectrum.outlier-grows',
  paper: PAPER,
  statement: 'The top eigenvalue of the (exact) feature covariance after one giant step grows with η: non-decreasing within 2% on {0, d/2, d, 2d}, and up by more than that over the grid.',
  source: `${DANDI}: the spiked deterministic equivalent of the feature covariance after one step`,
  runs: 60,
  defaults: { d: 32, p: 64, n0OverD: 4, target: 0, etaMaxOverD: 2 },
  ladders: {
    small: [s3Rung(0, 2, 15), s3Rung(1, 2, 15)],
    default: [s3Rung(0, 0.5, 20), s3Rung(0, 1, 20), s3Rung(0, 2), s3Rung(0, 4), s3Rung(1, 0.5, 20), s3Rung(1, 2)],
    large: [0, 1].flatMap((t) => [0.5, 1, 2, 4].map((e) => s3Rung(t, e, 200))),
  },
  expect: s3Expect,
  instance(params) {
    const d = intParam(params, 'd', 2);
    const etaMax = positiveParam(params, 'etaMaxOverD') * d;
    return stepInstance(params, samples(params, 'n0')).map((base) => ({ ...base, etaMax }));
  },
  async check(inst, ctx) {
    const { d, p, n0, target, etaMax } = inst;
    const s = stream(inst.seed);
    const net = initialNetwork(s.child('network'), d, p);
    const theta = orthonormalDirections(s.child('theta'), 1, d);
    const batch = drawBatch(s.child('batch'), n0, d, theta, target);
    const grid = [0, etaMax / 4, etaMax / 2, etaMax];
    const lambdaMax: number[] = [];
    for (const eta of grid) {
      let W = net.W0;
      if (eta > 0) {
        const W1 = await giantStep(ctx.trainer, net, batch, d, p, eta, inst.seed);
        if (isCheckResult(W1)) return W1;
        const idle = unmoved(net.W0, W1, eta, s3Expect(ctx.params));
        if (idle) return idle;
        W = W1;
      }
      lambdaMax.push(topEigenpair(reluFeatureCovariance(W, p, d, { centered: true }), p, { vector: false }).value);
    }
    let minStep = Infinity;
    for (let k = 1; k < grid.length; k++) minStep = Math.min(minStep, lambdaMax[k] / lambdaMax[k - 1]);
    const ratio = lambdaMax[grid.length - 1] / lambdaMax[0];
    // CLAIMS S3 (spectral outlier grows with η): λ_max non-decreasing on the grid within 2%, and grown beyond 2% at η_max.
    const pass = minStep >= 1 - S3_TOLERANCE && ratio > 1 + S3_TOLERANCE;
    return { pass, observables: { ratio, minStep, lambdaMax0: lambdaMax[0] } };
  },
  plot: { x: 'etaMaxOverD', series: 'target', logX: true },
  reference(params) {
    // CLAIMS S3: λ_max(η)/λ_max(0) ≈ 1.01, 1.15, 2.5, 8.1 at η = d/2, d, 2d, 4d (tanh + He2/2).
    const ratio = S3_RATIOS.get(positiveParam(params, 'etaMaxOverD'));
    return ratio === undefined || choice(params, 'target', [0, 1, 2, 3]) !== 0 ? undefined : { ratio };
  },
  notes: [
    'λ_max of the centred covariance of relu(Wx) under x ~ N(0, I), exact by the arc-cosine kernel (no sampling), after one step of each η on the grid {0, η_max/4, η_max/2, η_max} from the same W0 and batch (n0 = 4d).',
    'Calibration (CLAIMS S3): ratios λ_max(η)/λ_max(0) ≈ 1.01, 1.15, 2.5, 8.1 at η = d/2, d, 2d, 4d; non-decreasing within 2% on {0, d/2, d, 2d} in 0.98–1.00 of 200 seeds. Pass: no dip beyond 2% between neighbours on the grid and λ_max(η_max) > 1.02 λ_max(0): "grows", at the claim\'s own 2% resolution, so that a λ_max left flat does not pass.',
    'This harness (seed 1, 200 trials): tanh + He2/2 at η_max = 4d 0.99 (median ratio 7.3); He2 at η_max = 2d 0.965 (median ratio 2.29); at η_max = d/2 the growth is ≈ 1% and 0.0–0.5 of trials exceed the 2% resolution (observed).',
    'Negative control: a named broken trainer, bug-lr-ignored (test/fixtures/broken-trainers/lr-ignored.ts: takes every step with lr 0.01 whatever η is asked). Its steps are real but the same at every η, so λ_max stays flat (ratio ≈ 1.000) and the check fails in every trial; the unit tests assert it. There is no control in η or in the target: the He2 target grows the same way (CLAIMS S3), and CLAIMS states no threshold in η below which λ_max stops growing (at η_max = d/2 the growth, ≈ 1%, is only below the resolution). A trainer that returns W0 fails (no step, no growth).',
  ],
};

export const oneStepSpectrumClaims: Claim<any>[] = [rankOneSpike, beyondRandomFeatures, outlierGrows];
