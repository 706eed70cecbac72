// The spectrum family (Cui et al. 2024, Dandi et al. 2024): what its three claims share: the targets and their
// Gaussian moments, the network, the data, the one giant step through the trainer and the instance.
//
// Cui et al. 2024 (asymptotics of feature learning after one gradient step) and Dandi et al. 2024 (a random
// matrix view of the spectrum of learned features): what ONE large first-layer step does to a two-layer
// network. Setting (CLAIMS.md, section S): f(x) = (1/√p) aᵀ relu(Wx), rows of W0 uniform on the unit sphere,
// a_j = ±1/√p fixed, d = 32, p = 64, target y = σ*(θ·x) with θ a unit vector, x ~ N(0, I_d); one full-batch
// GD step on ½·mean (y − f)² over a fresh batch of n0 samples, W1 = W0 − η ∇_W, η = Θ(d).
//
// Each instance is an integer seed; the check builds W0, a, θ and the data from stream(seed) and takes the
// step through the plugged-in trainer.
import fc from 'fast-check';
import { gaussianExpectation, hermite } from '../../src/core/data/hermite';
import { orthonormalDirections, singleIndex } from '../../src/core/data/targets';
import { gemmNT } from '../../src/core/linalg/gemm';
import { ridgeWithIntercept } from '../../src/core/linalg/least-squares';
import type { CheckResult, Domain, Expectation, Params } from '../../src/contract/claim';
import { InputError } from '../../src/contract/errors';
import { stream, type Stream } from '../../src/core/rng';
import type { TrainRequest, Trainer } from '../../src/contract/trainer';
import { choice, countOf, integers, intParam, reals, SEED } from '../shared/params';

export const PAPER = 'Cui et al. 2024; Dandi et al. 2024';
export const CUI = 'Cui, Pesce, Dandi, Krzakala, Lu, Zdeborová, Loureiro 2024, Asymptotics of feature learning in two-layer networks after one gradient-step';
export const DANDI = 'Dandi, Pesce, Cui, Krzakala, Lu, Loureiro 2024, A random matrix theory perspective on the spectrum of learned features';

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

/** d, p, the step's n0/d and the target of the three claims (CLAIMS S: d = 32, p = 64, n0 up to 16d). */
export const STEP_DOMAIN: Domain = {
  d: integers(2, 256, 'd ≤ 256: one step on n0 samples of d entries and p × p feature covariances, 3 s a trial at d = 256, p = 512, n0 = 32d'),
  p: integers(1, 512, 'p ≤ 512 neurons'),
  n0OverD: reals(1 / 32, 32, 'n0/d ≤ 32: twice the largest of CLAIMS S1'),
  target: integers(0, TARGETS.length - 1, TARGETS.map((t, i) => `${i}: ${t.name}`).join(', ')),
};

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

// ------------------------------------------------------------------------------------------------
// The network, the data and the giant step.

interface Network {
  W0: Float64Array;
  a: Float64Array;
}

/** Rows of W0 uniform on the unit sphere, a_j = ±1/√p with independent fair signs. */
export function initialNetwork(s: Stream, d: number, p: number): Network {
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

export interface Batch {
  n: number;
  X: Float64Array;
  y: Float64Array;
}

export function drawBatch(s: Stream, n: number, d: number, theta: Float64Array, target: number): Batch {
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
export async function giantStep(trainer: Trainer, net: Network, batch: Batch, d: number, p: number, eta: number, seed: number): Promise<Float64Array | CheckResult> {
  const request = giantStepRequest(net, batch, d, p, eta, seed);
  if (!trainer.supports(request)) return { pass: false, status: 'skipped', reason: `trainer ${trainer.name} does not support one full-batch GD step on a relu network` };
  const result = await trainer.train(request);
  if (result.diverged) return { pass: false, status: 'diverged', reason: `diverged at step ${result.diverged.step} (loss ${result.diverged.loss})` };
  if (result.steps !== 1) return { pass: false, status: 'error', reason: `the trainer took ${result.steps} steps, one was requested` };
  return result.W;
}

export function isCheckResult(value: Float64Array | CheckResult): value is CheckResult {
  return !(value instanceof Float64Array);
}

/**
 * The premise of every check below: the trainer took the step. ‖W1 − W0‖_F no larger than one rounding unit of W0
 * (ε‖W0‖_F) is no step. On a holds or observe rung that is the claim failing; on a control rung the check would
 * then fail for want of a step, so the trial is not scored.
 */
export function unmoved(W0: Float64Array, W1: Float64Array, eta: number, expected: Expectation): CheckResult | undefined {
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

export function stepInstance(params: Params, n0: number): fc.Arbitrary<StepInstance> {
  return fc.record({
    d: fc.constant(intParam(params, 'd', 2)),
    p: fc.constant(intParam(params, 'p', 1)),
    n0: fc.constant(n0),
    target: fc.constant(choice(params, 'target', [0, 1, 2, 3])),
    seed: SEED,
  });
}

/**
 * CLAIMS S fixes the width at p = 2d. With both 1/√p factors a step η moves each row by ∝ η/p, and the ridge readout
 * has p features, so the η-gates of a step claim hold at that aspect ratio only. Measured at d = 32 (harness,
 * seed 1): at p = 4d the outlier's growth rule passes 5/8 at η_max = 2d and the random-features control 6/100;
 * at p = d the step η = 2d, which moves a row as far as 4d does at p = 2d, passes 76/100.
 */
export function offCalibratedWidth(params: Params): Expectation | undefined {
  const d = intParam(params, 'd', 2);
  const p = intParam(params, 'p', 1);
  if (p === 2 * d) return undefined;
  return { outcome: 'observe', why: `p = ${p} ≠ 2d: CLAIMS S calibrates the step's gates at p = 2d (a step η moves each row ∝ η/p; at p = 4d the growth rule passes 5/8 at η_max = 2d)` };
}

/** A count n0 (or n) given directly wins over its ratio n0OverD (nOverD) to d. */
export function samples(params: Params, name: string): number {
  return countOf(params, name, `${name}OverD`, intParam(params, 'd', 2));
}

// ------------------------------------------------------------------------------------------------
// The readout on the features.

/** relu(X Wᵀ)/√p, n x p. */
function features(W: Float64Array, batch: Batch, d: number, p: number): Float64Array {
  const F = gemmNT(batch.n, p, d, batch.X, W, new Float64Array(batch.n * p));
  const c = 1 / Math.sqrt(p);
  for (let k = 0; k < F.length; k++) F[k] = F[k] > 0 ? F[k] * c : 0;
  return F;
}

/** The test MSE on `test` of ridge (penalty λ normalised by n, unpenalised intercept) fitted on `train`'s features relu(Wx)/√p. */
export function ridgeTestMse(W: Float64Array, train: Batch, test: Batch, d: number, p: number, lambda: number): number {
  const { w, b } = ridgeWithIntercept(features(W, train, d, p), train.n, p, train.y, lambda);
  const F = features(W, test, d, p);
  let mse = 0;
  for (let i = 0; i < test.n; i++) {
    let f = b;
    for (let j = 0; j < p; j++) f += F[i * p + j] * w[j];
    mse += (test.y[i] - f) ** 2;
  }
  return mse / test.n;
}

/** A trial that steps and then fits a readout on n samples: η = etaOverD·d. */
export interface ReadoutInstance extends StepInstance {
  n: number;
  eta: number;
}

/** The instance of a readout claim; η must be > 0 when the claim always steps, ≥ 0 when η = 0 means no step. */
export function readoutInstance(params: Params, stepRequired: boolean): fc.Arbitrary<ReadoutInstance> {
  const d = intParam(params, 'd', 2);
  const eta = (params.etaOverD ?? 0) * d;
  if (!((stepRequired ? eta > 0 : eta >= 0) && Number.isFinite(eta))) throw new InputError('params.etaOverD', params.etaOverD, `a finite number ${stepRequired ? '>' : '≥'} 0`);
  const n = samples(params, 'n');
  return stepInstance(params, samples(params, 'n0')).map((base) => ({ ...base, n, eta }));
}

/** What a trial draws first from its seed: its stream, the initial network and the target direction θ. */
export function trialStart(inst: StepInstance): { s: Stream; net: Network; theta: Float64Array } {
  const s = stream(inst.seed);
  return { s, net: initialNetwork(s.child('network'), inst.d, inst.p), theta: orthonormalDirections(s.child('theta'), 1, inst.d) };
}
