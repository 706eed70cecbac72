// The giant-step family (Dandi, Krzakala, Loureiro, Pesce, Stephan 2023): what its four claims share: the paper's
// constants, the instance, the fresh-batch giant steps through the trainer, the reading of each step's update.
//
// Dandi, Krzakala, Loureiro, Pesce, Stephan: how two-layer networks learn, one (giant) step at a time.
// Convention G (CLAIMS.md): f(x) = (1/√p) Σ_j a_j relu(w_j·x), rows of W0 ~ N(0, I_d/d), a_j = ±1/√p fixed,
// loss ½ mean (y − f)², one full-batch step W ← W − η ∇_W L on a fresh batch of n samples per step (each step
// is its own train call). The step direction G_j of neuron j is read off the trained network:
// G_j = (w_j^{t−1} − w_j^t) / η. Targets y = (σ1*(θ1·x) + σ2*(θ2·x))/2 with θ1 ⟂ θ2 unit, or He2(θ·x).
import fc from 'fast-check';
import { gaussianInputs, gaussianMatrix } from '../../src/core/data/gaussian';
import { hermiteMoment } from '../../src/core/data/hermite';
import { additiveLink, multiIndex, overlapMatrix, type Link, type MultiLink } from '../../src/core/data/targets';
import type { CheckResult, Domain, Expectation, Params } from '../../src/contract/claim';
import type { Stream } from '../../src/core/rng';
import type { TrainRequest, Trainer } from '../../src/contract/trainer';
import { integers, intParam, positiveParam, reals, SEED } from '../shared/params';

export const PAPER = 'Dandi, Krzakala, Loureiro, Pesce, Stephan 2023';
export const TITLE = 'How two-layer neural networks learn, one (giant) step at a time';
/** Student width p of CLAIMS G. */
export const P = 64;
/**
 * η = 2p, the step of the paper's repository notebook (multiple_steps.ipynb). The direction measurements of
 * G1/G2 do not depend on η; G3 and G4 do, and were calibrated here with this value (see their notes).
 */
const ETA = 2 * P;

/** d and α = n/d of the one-step claims (CLAIMS G: d = 32, 64, n/d up to 16). */
export const STEP_DOMAIN: Domain = {
  d: integers(2, 512, 'd ≤ 512: a step reads n = αd fresh samples of d entries, 16M numbers at d = 512, n/d = 64'),
  alpha: reals(1 / 64, 64, 'n/d ≤ 64: past n = 16d the step direction is already found (CLAIMS G1, G2)'),
};

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

export function samplesOf(p: Params, d: number): number {
  return Math.max(1, Math.round(positiveParam(p, 'alpha') * d));
}

export function instanceOf(params: Params, steps: number, target = 0): fc.Arbitrary<GiantStepInstance> {
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
 * `steps` giant steps, each on a fresh batch of n samples (y = g(Θx), Θ k x d, passed through `labels`), each its
 * own train call.
 * Returns the trajectory, or the CheckResult that ends the trial (unsupported request, divergence).
 */
export async function giantSteps(
  trainer: Trainer, inst: GiantStepInstance, s: Stream, Theta: Float64Array, k: number, g: MultiLink,
  labels: (X: Float64Array, y: Float64Array, n: number, d: number) => Float64Array = (_X, y) => y,
): Promise<Trajectory | CheckResult> {
  const { d, n, steps } = inst;
  const { W: W0, a } = initialNetwork(s, d);
  const out: Trajectory = { W: [W0], lossBefore: [], lossAfter: [] };
  for (let t = 0; t < steps; t++) {
    const X = gaussianInputs(s.child(`batch${t}`), n, d);
    const y = labels(X, multiIndex(X, n, d, Theta, k, g), n, d);
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

export function isCheckResult(value: Trajectory | CheckResult): value is CheckResult {
  return 'pass' in value;
}

/** The update of step t read off the trained weights. */
interface Step {
  /** G^(t) = (W_{t−1} − W_t)/η, p x d. */
  G: Float64Array;
  /** moved[j] = 1 when neuron j moved: ‖w_j^(t−1) − w_j^(t)‖ > ε‖w_j^(t−1)‖, more than one rounding unit of the row. */
  moved: Uint8Array;
  /** Neurons that moved. */
  count: number;
}

function stepOf(traj: Trajectory, t: number, d: number): Step {
  const before = traj.W[t - 1];
  const after = traj.W[t];
  const G = new Float64Array(before.length);
  const moved = new Uint8Array(P);
  let count = 0;
  for (let j = 0; j < P; j++) {
    let change = 0;
    let norm = 0;
    for (let q = j * d; q < (j + 1) * d; q++) {
      G[q] = (before[q] - after[q]) / ETA;
      change += (before[q] - after[q]) ** 2;
      norm += before[q] ** 2;
    }
    // A relu neuron dead on every sample of the batch has no gradient: its cosine is 0/0 and it is left out.
    if (Math.sqrt(change) > Number.EPSILON * Math.sqrt(norm)) {
      moved[j] = 1;
      count++;
    }
  }
  return { G, moved, count };
}

/**
 * Every step's update, or the result of a trial where some step moved no neuron: the trainer did not take the step
 * (it returned its input weights), so there is no update to read. On a holds or observe rung that is the claim
 * failing; on a control rung "not aligned" would then hold for want of a step, so the trial is not scored.
 */
export function stepsOf(traj: Trajectory, d: number, expected: Expectation): Step[] | CheckResult {
  const steps: Step[] = [];
  for (let t = 1; t < traj.W.length; t++) {
    const step = stepOf(traj, t, d);
    if (step.count === 0) {
      const reason = `step ${t} left every neuron in place (‖w_j^(t−1) − w_j^(t)‖ ≤ ε‖w_j‖ for all j): the trainer did not take the giant step, so there is no update to read`;
      return expected.outcome === 'fails' ? { pass: false, status: 'not-scored', reason } : { pass: false, reason };
    }
    steps.push(step);
  }
  return steps;
}

export function isSteps(value: Step[] | CheckResult): value is Step[] {
  return Array.isArray(value);
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

/** |cos(w_j, v)| of the rows of W (p x d) with the unit vector v, over the rows with moved[j] (all rows without it). */
export function cosSummary(W: Float64Array, d: number, v: Float64Array, moved?: Uint8Array): { mean: number; min: number; max: number } {
  const O = overlapMatrix(W, P, d, v, 1);
  const kept: number[] = [];
  for (let j = 0; j < P; j++) if (!moved || moved[j]) kept.push(Math.abs(O[j]));
  return summary(kept);
}

/** The two-direction target of CLAIMS G: y = (σ1*(θ1·x) + σ2*(θ2·x))/2. */
export function twoDirectionTarget(sigma1: Link, sigma2: Link): MultiLink {
  return additiveLink([sigma1, sigma2], [0.5, 0.5]);
}

export const LINEAR_PLUS_SQUARE: [Link, Link] = [(z) => 4 * z + z * z, (z) => z];
/** μ1(g) = E[g(z) z] (CLAIMS' normalisation; hermiteMoment at k = 1), exact for these polynomial links. */
export const MU1 = LINEAR_PLUS_SQUARE.map((g) => hermiteMoment(g, 1));
