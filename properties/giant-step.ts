// Dandi, Krzakala, Loureiro, Pesce, Stephan: how two-layer networks learn, one (giant) step at a time.
// Convention G (CLAIMS.md): f(x) = (1/√p) Σ_j a_j relu(w_j·x), rows of W0 ~ N(0, I_d/d), a_j = ±1/√p fixed,
// loss ½ mean (y − f)², one full-batch step W ← W − η ∇_W L on a fresh batch of n samples per step (each step
// is its own train call). The step direction G_j of neuron j is read off the trained network:
// G_j = (w_j^{t−1} − w_j^t) / η. Targets y = (σ1*(θ1·x) + σ2*(θ2·x))/2 with θ1 ⟂ θ2 unit, or He2(θ·x).
import fc from 'fast-check';
import { gaussianInputs, gaussianMatrix } from '../src/data/gaussian';
import { hermite, hermiteMoment } from '../src/data/hermite';
import { additiveLink, multiIndex, orthonormalDirections, overlapMatrix, type Link, type MultiLink } from '../src/data/targets';
import type { CheckResult, Claim, Expectation, Params, Rung } from '../src/harness/claim';
import { stream, type Stream } from '../src/rng';
import type { TrainRequest, Trainer } from '../src/train/types';
import { choice, intParam, positiveParam, SEED } from './params';

const PAPER = 'Dandi, Krzakala, Loureiro, Pesce, Stephan 2023';
const TITLE = 'How two-layer neural networks learn, one (giant) step at a time';
/** Student width p of CLAIMS G. */
const P = 64;
/**
 * η = 2p, the step of the paper's repository notebook (multiple_steps.ipynb). The direction measurements of
 * G1/G2 do not depend on η; G3 and G4 do, and were calibrated here with this value (see their notes).
 */
const ETA = 2 * P;

export interface GiantStepInstance {
  d: number;
  /** Samples per step. */
  n: number;
  /** Fresh-batch steps. */
  steps: number;
  /** Target variant (claim specific). */
  target: number;
  seed: number;
}

// ------------------------------------------------------------------------------------------------
// Shared pieces.

function samplesOf(p: Params, d: number): number {
  return Math.max(1, Math.round(positiveParam(p, 'alpha') * d));
}

function instanceOf(params: Params, steps: number, target = 0): fc.Arbitrary<GiantStepInstance> {
  const d = intParam(params, 'd', 2);
  return fc.record({ d: fc.constant(d), n: fc.constant(samplesOf(params, d)), steps: fc.constant(steps), target: fc.constant(target), seed: SEED });
}

/** W0 (p x d, rows N(0, I_d/d)) and a (±1/√p, random signs: the notebook's hypercube second layer). */
function initialNetwork(s: Stream, d: number): { W: Float64Array; a: Float64Array } {
  const W = gaussianMatrix(s.child('W0'), P, d, 1 / Math.sqrt(d));
  const signs = s.child('a');
  const a = new Float64Array(P);
  for (let j = 0; j < P; j++) a[j] = (signs.uniform() < 0.5 ? -1 : 1) / Math.sqrt(P);
  return { W, a };
}

function stepRequest(W: Float64Array, a: Float64Array, d: number, X: Float64Array, y: Float64Array, n: number, seed: number): TrainRequest {
  return {
    network: { activation: 'relu', d, m: P, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: false, W, a },
    data: { n, X, y },
    loss: { kind: 'square', reduction: 'mean' },
    algorithm: { kind: 'gd', lr: ETA, steps: 1 },
    seed,
  };
}

interface Trajectory {
  /** W_0, W_1, ..., W_steps. */
  W: Float64Array[];
  /** Training loss of each step's batch before and after its update. */
  lossBefore: number[];
  lossAfter: number[];
}

/**
 * `steps` giant steps, each on a fresh batch of n samples (y = g(Θx), Θ k x d), each its own train call.
 * Returns the trajectory, or the CheckResult that ends the trial (unsupported request, divergence).
 */
async function giantSteps(
  trainer: Trainer, inst: GiantStepInstance, s: Stream, Theta: Float64Array, k: number, g: MultiLink,
): Promise<Trajectory | CheckResult> {
  const { d, n, steps } = inst;
  const { W: W0, a } = initialNetwork(s, d);
  const out: Trajectory = { W: [W0], lossBefore: [], lossAfter: [] };
  for (let t = 0; t < steps; t++) {
    const X = gaussianInputs(s.child(`batch${t}`), n, d);
    const y = multiIndex(X, n, d, Theta, k, g);
    const request = stepRequest(out.W[t], a, d, X, y, n, inst.seed + t);
    if (!trainer.supports(request)) return { pass: false, status: 'skipped', reason: `trainer ${trainer.name} does not support one full-batch gd step` };
    const result = await trainer.train(request);
    if (result.diverged) return { pass: false, status: 'diverged', reason: `diverged at step ${t + 1} (loss ${result.diverged.loss})` };
    out.W.push(result.W);
    out.lossBefore.push(result.trace.loss[0]);
    out.lossAfter.push(result.trace.loss[result.trace.loss.length - 1]);
  }
  return out;
}

function isCheckResult(value: Trajectory | CheckResult): value is CheckResult {
  return 'pass' in value;
}

/** G^(t) = (W_{t−1} − W_t)/η, p x d: the direction of step t, read off the trained weights. */
function stepDirections(traj: Trajectory, t: number): Float64Array {
  const before = traj.W[t - 1];
  const after = traj.W[t];
  const G = new Float64Array(before.length);
  for (let k = 0; k < G.length; k++) G[k] = (before[k] - after[k]) / ETA;
  return G;
}

function summary(values: ArrayLike<number>): { mean: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  return { mean: sum / values.length, min, max };
}

/** |O_jl| for one column l of a p x k overlap matrix. */
function absColumn(O: Float64Array, k: number, l: number): Float64Array {
  const c = new Float64Array(O.length / k);
  for (let j = 0; j < c.length; j++) c[j] = Math.abs(O[j * k + l]);
  return c;
}

/** The two-direction target of CLAIMS G: y = (σ1*(θ1·x) + σ2*(θ2·x))/2. */
function twoDirectionTarget(sigma1: Link, sigma2: Link): MultiLink {
  return additiveLink([sigma1, sigma2], [0.5, 0.5]);
}

const LINEAR_PLUS_SQUARE: [Link, Link] = [(z) => 4 * z + z * z, (z) => z];
/** μ1(g) = E[g(z) z] (CLAIMS' normalisation; hermiteMoment at k = 1), exact for these polynomial links. */
const MU1 = LINEAR_PLUS_SQUARE.map((g) => hermiteMoment(g, 1));

/** v* ∝ μ1(σ1*) θ1 + μ1(σ2*) θ2, unit (1 x d). */
function spike(Theta: Float64Array, d: number, mu: readonly number[]): Float64Array {
  const v = new Float64Array(d);
  const norm = Math.hypot(mu[0], mu[1]);
  for (let q = 0; q < d; q++) v[q] = (mu[0] * Theta[q] + mu[1] * Theta[d + q]) / norm;
  return v;
}

// ------------------------------------------------------------------------------------------------
// G1 one step with n = O(d) aligns every neuron with one direction.

/** Derived finite-n prediction of CLAIMS G1 for σ1* = 4z + z², σ2* = z: mean cos ≈ 1.03/√(1.1 + 2.5 d/n). */
export function g1Formula(alpha: number): number {
  return 1.03 / Math.sqrt(1.1 + 2.5 / alpha);
}

/** |mean cos − formula| < 0.08 (CLAIMS G1). */
const G1_TOLERANCE = 0.08;
/** The control's predicate: neurons aligned, mean cos > 0.5 (CLAIMS G1). */
const G1_ALIGNED = 0.5;
export const G1_CHECK = { formula: 0, aligned: 1 } as const;

function g1Expect(params: Params): Expectation {
  const check = choice(params, 'check', [0, 1]);
  const alpha = positiveParam(params, 'alpha');
  if (check === G1_CHECK.formula) {
    return alpha >= 1
      ? {
          outcome: 'holds',
          // At n = d the run-to-run spread (sd ≈ 0.06 in numpy) is close to the 0.08 tolerance: numpy's 0.50 ± 0.06
          // against 0.54 passes about 0.75 of the time, so n = d is held to 0.8.
          ...(alpha < 2 ? { pHold: 0.8 } : {}),
          why: 'n = O(d): the finite-n formula matched within 0.04 in numpy (CLAIMS G1)',
        }
      : { outcome: 'observe', why: 'the formula is derived for n ≥ d' };
  }
  const predicted = g1Formula(alpha);
  // The aligned predicate is decided by the formula with the formula check's tolerance on either side.
  if (predicted >= G1_ALIGNED + G1_TOLERANCE) return { outcome: 'holds', why: `predicted mean cos ${predicted.toFixed(2)} > 0.5` };
  if (predicted <= G1_ALIGNED - G1_TOLERANCE) return { outcome: 'fails', why: `predicted mean cos ${predicted.toFixed(2)} < 0.5 (n ≪ d)` };
  return { outcome: 'observe', why: `predicted mean cos ${predicted.toFixed(2)} is within 0.08 of 0.5` };
}

function g1Rung(d: number, alpha: number, check: number, runs?: number): Rung {
  const params = { d, alpha, check };
  const label = check === G1_CHECK.formula ? '|cos − formula| < 0.08' : 'cos > 0.5';
  return { name: `d=${d}, n/d=${alpha}, ${label}`, params, expected: g1Expect(params), ...(runs ? { runs } : {}) };
}

export const singleDirection: Claim<GiantStepInstance> = {
  id: 'giant-step.single-direction',
  paper: PAPER,
  statement: 'One giant step on n = O(d) samples aligns every neuron\'s update with v* ∝ μ1(σ1*)θ1 + μ1(σ2*)θ2: mean cos ≈ 1.03/√(1.1 + 2.5 d/n).',
  source: `${TITLE}: one step with n = O(d) (CLAIMS G1, derived finite-n formula)`,
  runs: 20,
  defaults: { d: 32, alpha: 4, check: G1_CHECK.formula },
  ladders: {
    small: [g1Rung(32, 4, 0, 8), g1Rung(32, 0.125, 1, 8)],
    default: [...[32, 64].flatMap((d) => [1, 4, 16].map((alpha) => g1Rung(d, alpha, 0))), g1Rung(64, 0.125, 1), g1Rung(64, 16, 1)],
    large: [
      ...[32, 64, 128].flatMap((d) => [1, 4, 16].map((alpha) => g1Rung(d, alpha, 0, 40))),
      ...[32, 64, 128].flatMap((d) => [g1Rung(d, 0.125, 1, 40), g1Rung(d, 16, 1, 40)]),
    ],
  },
  expect: g1Expect,
  instance(params) {
    choice(params, 'check', [0, 1]);
    return instanceOf(params, 1);
  },
  async check(inst, ctx) {
    const { d } = inst;
    const s = stream(inst.seed);
    const Theta = orthonormalDirections(s.child('theta'), 2, d);
    const traj = await giantSteps(ctx.trainer, inst, s, Theta, 2, twoDirectionTarget(...LINEAR_PLUS_SQUARE));
    if (isCheckResult(traj)) return traj;
    const vStar = spike(Theta, d, MU1);
    const cosG = summary(absColumn(overlapMatrix(stepDirections(traj, 1), P, d, vStar, 1), 1, 0));
    const cosW = summary(absColumn(overlapMatrix(traj.W[1], P, d, vStar, 1), 1, 0));
    const alpha = inst.n / d;
    const check = choice(ctx.params, 'check', [0, 1]);
    // CLAIMS G1: |mean_j cos(G_j, v*) − 1.03/√(1.1 + 2.5 d/n)| < 0.08; control: mean cos > 0.5.
    const pass = check === G1_CHECK.formula ? Math.abs(cosG.mean - g1Formula(alpha)) < G1_TOLERANCE : cosG.mean > G1_ALIGNED;
    return {
      pass,
      observables: {
        meanCos: cosG.mean, minCos: cosG.min, maxCos: cosG.max, meanCosW1: cosW.mean,
        lossBefore: traj.lossBefore[0], lossAfter: traj.lossAfter[0],
      },
    };
  },
  plot: { x: 'alpha', series: 'd', logX: true, threshold: { value: 1, label: 'n = d', derived: true } },
  reference(params) {
    return { meanCos: g1Formula(positiveParam(params, 'alpha')) };
  },
  notes: [
    'meanCos: mean over the p = 64 neurons of cos(G_j, v*), G_j the step of neuron j read off the trained weights ((W0 − W1)/η, η = 2p); meanCosW1: the same for the updated neurons w_j^1; min/maxCos: the spread over neurons.',
    'Reference: the derived formula 1.03/√(1.1 + 2.5 d/n) of CLAIMS G1 (0.54, 0.78, 0.92 at n/d = 1, 4, 16). CLAIMS numpy (20 trials): d = 32: 0.50, 0.76, 0.89; d = 64: 0.52, 0.76, 0.88.',
    'Negative control (check = cos > 0.5): at n = d/8 the formula predicts 0.22 and the neurons are not aligned; the same predicate holds at n = 16d.',
  ],
};

// ------------------------------------------------------------------------------------------------
// G2 only a single direction: the points (cos(G_j, θ1), cos(G_j, θ2)) lie on a line through 0 of slope μ1(σ2*)/μ1(σ1*).

/** |slope − 0.25| < 0.12 (CLAIMS G2). */
const G2_SLOPE_TOLERANCE = 0.12;
/** "Lie on the line": the line of the predicted slope carries ≥ 90% of the points' second moment (isotropic scatter: 50%). */
const G2_ON_LINE = 0.9;

export interface LineFit {
  /** Least-squares slope through 0 of the points (c1_j, c2_j). */
  slope: number;
  /** Σ_j (u·c_j)² / Σ_j ‖c_j‖² for u the unit vector of the predicted line. */
  share: number;
}

/** Fits the points (O_j0, O_j1) of a p x 2 overlap matrix against the line of slope `predicted`. */
export function fitLine(O: Float64Array, p: number, predicted: number): LineFit {
  const ux = 1 / Math.hypot(1, predicted);
  const uy = predicted * ux;
  let sxx = 0;
  let sxy = 0;
  let along = 0;
  let total = 0;
  for (let j = 0; j < p; j++) {
    const x = O[2 * j];
    const y = O[2 * j + 1];
    sxx += x * x;
    sxy += x * y;
    along += (ux * x + uy * y) ** 2;
    total += x * x + y * y;
  }
  return { slope: sxx > 0 ? sxy / sxx : 0, share: total > 0 ? along / total : 0 };
}

function g2Expect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const alpha = positiveParam(params, 'alpha');
  if (alpha >= 16 && d >= 64) return { outcome: 'holds', why: 'CLAIMS G2: slope 0.243 ± 0.05 at d = 64, n = 16d' };
  if (alpha <= 1 / 16) return { outcome: 'fails', why: 'n ≤ d/16: the step is mostly sample noise, the points scatter off the predicted line' };
  return { outcome: 'observe', why: 'CLAIMS G2: at n = d the slope is noise; no calibration between' };
}

function g2Rung(d: number, alpha: number, runs?: number): Rung {
  const params = { d, alpha };
  return { name: `d=${d}, n/d=${alpha}`, params, expected: g2Expect(params), ...(runs ? { runs } : {}) };
}

export const onlyOneDirection: Claim<GiantStepInstance> = {
  id: 'giant-step.only-one-direction',
  paper: PAPER,
  statement: 'After one step the points (cos(G_j, θ1), cos(G_j, θ2)) lie on one line through 0 of slope μ1(σ2*)/μ1(σ1*) = 0.25: a single direction is learned.',
  source: `${TITLE}: a single step with n = O(d) learns only a single direction (CLAIMS G2)`,
  runs: 20,
  defaults: { d: 64, alpha: 16 },
  ladders: {
    small: [g2Rung(64, 16, 8), g2Rung(64, 1 / 16, 8)],
    default: [g2Rung(64, 1 / 16), g2Rung(64, 1), g2Rung(64, 4), g2Rung(64, 16), g2Rung(32, 16)],
    large: [...[64, 128].flatMap((d) => [1 / 16, 1 / 4, 1, 4, 16].map((alpha) => g2Rung(d, alpha, 40))), g2Rung(32, 16, 40)],
  },
  expect: g2Expect,
  instance: (params) => instanceOf(params, 1),
  async check(inst, ctx) {
    const { d } = inst;
    const s = stream(inst.seed);
    const Theta = orthonormalDirections(s.child('theta'), 2, d);
    const traj = await giantSteps(ctx.trainer, inst, s, Theta, 2, twoDirectionTarget(...LINEAR_PLUS_SQUARE));
    if (isCheckResult(traj)) return traj;
    const predicted = MU1[1] / MU1[0];
    const fit = fitLine(overlapMatrix(stepDirections(traj, 1), P, d, Theta, 2), P, predicted);
    // CLAIMS G2: slope within 0.12 of μ1(σ2*)/μ1(σ1*), and the points on that line (share ≥ 0.9).
    const pass = Math.abs(fit.slope - predicted) < G2_SLOPE_TOLERANCE && fit.share >= G2_ON_LINE;
    return { pass, observables: { slope: fit.slope, lineShare: fit.share, lossAfter: traj.lossAfter[0] } };
  },
  plot: { x: 'alpha', series: 'd', logX: true },
  reference: () => ({ slope: MU1[1] / MU1[0] }),
  notes: [
    'Signed cosines of each neuron\'s step with θ1 and θ2; slope: least squares through 0; lineShare: the fraction of the points\' second moment along the predicted line (1 = all on it, 0.5 = isotropic scatter). Pass: |slope − 0.25| < 0.12 (CLAIMS G2) and lineShare ≥ 0.9.',
    'μ1 = E[g(z) z] of σ1* = 4z + z² and σ2* = z by Gauss–Hermite quadrature (4 and 1). Negative control: n = d/16 (4 samples at d = 64), where the step is sample noise.',
  ],
};

// ------------------------------------------------------------------------------------------------
// G3 hard directions need n ≳ d^ℓ: He2(θ·x) (ℓ = 2, μ1 = 0).

/** Mean cos(G_j, θ) > 0.5 after the steps (CLAIMS G3). */
const G3_ALIGNED = 0.5;

function g3Expect(params: Params): Expectation {
  const d = intParam(params, 'd', 2);
  const steps = intParam(params, 'steps', 1);
  const alpha = positiveParam(params, 'alpha');
  if (steps !== 3) return { outcome: 'observe', why: 'CLAIMS G3: one step does not separate (per-neuron cosine 0.27–0.42 at every n)' };
  if (alpha >= d && d < 32) return { outcome: 'observe', why: 'd < 32 is too small for the n ≳ d² threshold to be sharp (25/30 at d = 16, n = d²; 30/30 at 4d²)' };
  if (alpha >= d) return { outcome: 'holds', why: 'n ≥ d²: the He2 direction is seen (measured here: 97% at n = d², 100% at 4d², d = 32)' };
  if (alpha <= 2 && d < 32 && alpha > 1) return { outcome: 'observe', why: 'd < 32 is too small for n = 2d to fail sharply (measured here at d = 16: 8/60; at n = d: 0/22)' };
  if (alpha <= 2) return { outcome: 'fails', why: 'n ≤ 2d: measured 3% (d = 32, 30 seeds)' };
  return { outcome: 'observe', why: 'between 2d and d² the rate rises (d = 32: 7% at 4d in numpy; 27% at 8d in numpy, 43% in this harness)' };
}

function g3Rung(d: number, alpha: number, steps: number, runs?: number): Rung {
  const params = { d, alpha, steps };
  return { name: `d=${d}, n/d=${alpha}, ${steps} step${steps > 1 ? 's' : ''}`, params, expected: g3Expect(params), ...(runs ? { runs } : {}) };
}

const HE2: MultiLink = (z) => hermite(2, z[0]);

export const hardDirections: Claim<GiantStepInstance> = {
  id: 'giant-step.hard-directions',
  paper: PAPER,
  statement: 'A direction with no first Hermite coefficient (He2, ℓ = 2) is only seen by giant steps with n ≳ d^ℓ = d² samples per step.',
  source: `${TITLE}: hard directions require n = O(d^ℓ) (CLAIMS G3, three fresh-batch steps)`,
  runs: 30,
  defaults: { d: 32, alpha: 32, steps: 3 },
  ladders: {
    small: [g3Rung(32, 128, 3, 8), g3Rung(32, 2, 3, 8)],
    default: [...[2, 8, 32, 128].map((alpha) => g3Rung(32, alpha, 3)), ...[4, 32, 128].map((alpha) => g3Rung(32, alpha, 1, 10))],
    large: [
      ...[16, 32].flatMap((d) => [1, 2, 4, 8, d, 4 * d].map((alpha) => g3Rung(d, alpha, 3, 60))),
      ...[2, 8, 64].map((alpha) => g3Rung(64, alpha, 3, 30)),
      ...[4, 32, 128].map((alpha) => g3Rung(32, alpha, 1, 30)),
    ],
  },
  expect: g3Expect,
  instance: (params) => instanceOf(params, intParam(params, 'steps', 1)),
  async check(inst, ctx) {
    const { d, steps } = inst;
    const s = stream(inst.seed);
    const theta = orthonormalDirections(s.child('theta'), 1, d);
    const traj = await giantSteps(ctx.trainer, inst, s, theta, 1, HE2);
    if (isCheckResult(traj)) return traj;
    const cosG = summary(absColumn(overlapMatrix(stepDirections(traj, steps), P, d, theta, 1), 1, 0));
    const cosW = summary(absColumn(overlapMatrix(traj.W[steps], P, d, theta, 1), 1, 0));
    // CLAIMS G3: after the steps the neurons' update is aligned with θ: mean_j cos(G_j, θ) > 0.5.
    return {
      pass: cosG.mean > G3_ALIGNED,
      observables: { meanCos: cosG.mean, minCos: cosG.min, maxCos: cosG.max, meanCosW: cosW.mean, lossAfter: traj.lossAfter[steps - 1] },
    };
  },
  plot: { x: 'alpha', series: 'steps', logX: true, threshold: { value: 32, label: 'n = d² (d = 32)', derived: true } },
  notes: [
    'meanCos: mean over neurons of cos(G_j, θ) for the last step\'s update G (read off the weights, η = 2p as in the paper\'s notebook); meanCosW: cos of the neurons themselves.',
    'Calibrated here (numpy and this harness agree; d = 32, 30 seeds): three steps give mean cos 0.32 ± 0.09 at n = 2d (3% > 0.5), 0.37 at 4d (7%), 0.45 ± 0.08 at 8d (27%), 0.61 ± 0.07 at d² (97%), 0.68 at 4d² (100%). CLAIMS G3 quotes 0.24 at n = 8d and 0.73 at d² from a protocol it does not specify; its 8d control did not reproduce with the notebook\'s η, so the gated control here is n = 2d and n = 8d is observed.',
    'This harness (seed 1, 30 trials per rung, d = 32): 0/30 at n = 2d (median mean cos 0.31), 13/30 at 8d (0.48), 29/30 at d² (0.59), 30/30 at 4d² (0.70).',
    'One step (observe; this harness, d = 32): the update\'s mean cosine with θ rises with n (0.31 at 4d, 0.50 at d², 0.64 at 4d²) while the neurons\' own cosine (meanCosW) stays at 0.21–0.25 at every n (CLAIMS G3: 0.27–0.42), as the radial part of the He2 gradient dominates the step.',
  ],
};

// ------------------------------------------------------------------------------------------------
// G4 staircase in a few steps (observe): neurons leave the step-1 line when a second direction is linearly connected.

/** Circular standard deviation (radians) of the axial angles of the points (O_j0, O_j1): 0 on one line through 0. */
export function axialSpread(O: Float64Array, p: number): number {
  let re = 0;
  let im = 0;
  let count = 0;
  for (let j = 0; j < p; j++) {
    const x = O[2 * j];
    const y = O[2 * j + 1];
    const r2 = x * x + y * y;
    if (r2 === 0) continue;
    // exp(2iφ) = ((x² − y²) + 2ixy)/r²: doubling the angle identifies φ with φ + π (a line, not a ray).
    re += (x * x - y * y) / r2;
    im += (2 * x * y) / r2;
    count++;
  }
  if (count === 0) return Math.PI / 2;
  const R = Math.min(1, Math.hypot(re, im) / count);
  return R > 0 ? Math.sqrt(-2 * Math.log(R)) / 2 : Math.PI / 2;
}

const G4_STEPS = 6;
export const G4_TARGET = { staircase: 0, control: 1 } as const;
const G4_LINKS: Record<number, [Link, Link]> = {
  [G4_TARGET.staircase]: [(z) => z + z * z, (z) => z - z * z],
  [G4_TARGET.control]: LINEAR_PLUS_SQUARE,
};

function g4Expect(params: Params): Expectation {
  choice(params, 'target', [0, 1]);
  return { outcome: 'observe', why: 'CLAIMS G4: observe first; no separation measured here (see notes)' };
}

function g4Rung(d: number, alpha: number, target: number, runs?: number): Rung {
  const params = { d, alpha, target };
  return { name: `d=${d}, n/d=${alpha}, ${target === G4_TARGET.staircase ? 'z ± z² (staircase)' : '4z + z², z (control)'}`, params, expected: g4Expect(params), ...(runs ? { runs } : {}) };
}

export const staircaseSteps: Claim<GiantStepInstance> = {
  id: 'giant-step.staircase',
  paper: PAPER,
  statement: 'Over a few steps with n = O(d), neurons leave the step-1 line along directions linearly connected to it in the Hermite basis (staircase); without such a direction they stay on it.',
  source: `${TITLE}: multiple steps learn staircases (CLAIMS G4, observe)`,
  runs: 10,
  defaults: { d: 32, alpha: 1, target: G4_TARGET.staircase },
  ladders: {
    small: [g4Rung(32, 1, 0, 3), g4Rung(32, 1, 1, 3)],
    default: [g4Rung(32, 1, 0), g4Rung(32, 1, 1)],
    large: [...[32, 64].flatMap((d) => [1, 4].flatMap((alpha) => [g4Rung(d, alpha, 0, 30), g4Rung(d, alpha, 1, 30)]))],
  },
  expect: g4Expect,
  instance: (params) => instanceOf(params, G4_STEPS, choice(params, 'target', [0, 1])),
  async check(inst, ctx) {
    const { d } = inst;
    const s = stream(inst.seed);
    const Theta = orthonormalDirections(s.child('theta'), 2, d);
    const traj = await giantSteps(ctx.trainer, inst, s, Theta, 2, twoDirectionTarget(...G4_LINKS[inst.target]));
    if (isCheckResult(traj)) return traj;
    const spread1 = axialSpread(overlapMatrix(stepDirections(traj, 1), P, d, Theta, 2), P);
    const spreadT = axialSpread(overlapMatrix(stepDirections(traj, G4_STEPS), P, d, Theta, 2), P);
    // CLAIMS G4: the neurons left the step-1 line: the angular spread of the step at least doubled.
    return { pass: spreadT >= 2 * spread1, observables: { spread1, spread6: spreadT, lossAfter: traj.lossAfter[G4_STEPS - 1] } };
  },
  plot: { x: 'target' },
  notes: [
    'spread1, spread6: circular standard deviation (radians) of the angles of the points (cos(G_j, θ1), cos(G_j, θ2)) of the step at t = 1 and t = 6 (0 = every neuron on one line through 0); pass = spread at least doubled.',
    'Measured in numpy with this protocol (η = 2p, d = 32/64, n = d and 4d, 10 seeds): the spread grows from step 1 to step 6 for both targets (staircase 0.36 → 0.55, control 0.17 → 0.53 at d = 32, n = d), so the control does not stay on the line; the claim stays observe until a protocol that separates is found.',
  ],
};

export const giantStepClaims = [singleDirection, onlyOneDirection, hardDirections, staircaseSteps];
