// Telgarsky 2023: margins of low-rotation two-layer ReLU networks (CLAIMS.md, section T).
// What its claims share: the paper's constants, the network and the parity data, gradient-flow runs through the
// plugged-in trainer with the halving rule (faithful), and training to a loss, at one width or at m and 4m.
//
// f(x; W) = (1/√m) Σ_j a_j relu(w_j·x), a_j ∈ {±1} fixed, w_j(0) ~ N(0, I_d), ‖x‖ ≤ 1, y ∈ {±1}, mean
// logistic loss; gradient flow through the plugged-in trainer (src/core/train/flow.ts: GD in segments, the step
// rescaled by the loss once L < ¼). Normalised margin γ̄(W) = min_i y_i f(x_i; W)/‖W‖_F.
//
// Gradient-flow fidelity, every trial: the same run is repeated with the step doubled; √m·γ̄ and ‖W_T − W_0‖_F
// of the two runs must agree within 5% (the halving rule applied to 2η), else the trial is not scored. The
// observables are read from the finer run.
//
// Every instance is an integer seed (plus the rung's sizes); the check builds data, initial weights and
// NTK features from stream(seed), so a trial is a pure function of its instance.
import fc from 'fast-check';
import { hypercubeInputs, hypercubeVertices } from '../../src/core/data/hypercube';
import { coordinateDirections, sparseParity } from '../../src/core/data/targets';
import type { CheckContext, CheckResult, Params } from '../../src/contract/claim';
import { frobenius } from '../../src/core/linalg/dense';
import { classificationError, minMargin } from '../../src/core/model/margin';
import { architecture, predict } from '../../src/core/model/network';
import { stream, type Stream } from '../../src/core/rng';
import { flow, relativeChange, type FlowOptions, type FlowResult } from '../../src/core/train/flow';
import type { ConstraintSpec, OutputScaling, Trainer } from '../../src/contract/trainer';
import { choice, SEED } from '../shared/params';

export const PAPER = 'Telgarsky 2023';
export const TITLE = 'Feature selection and low test error in shallow low-rotation ReLU networks';

/**
 * γ_ntk ≈ 0.7/d on the 2-sparse parity: the measured medians 0.089 / 0.058 / 0.042 at d = 8 / 12 / 16 (CLAIMS T,
 * low-rotation.ntk-margin). The scale of the sample counts n ∝ 1/γ_ntk² of the test-error claims.
 */
export function ntkMarginOf(d: number): number {
  return 0.7 / d;
}

/** CLAIMS T: gradient flow approximated by full-batch GD with η = 4. */
export const ETA = 4;
/** The halving rule: the run at 2η must move √m·γ̄ and ‖W_T − W_0‖_F by less than this, relative. */
const FIDELITY = 0.05;
/** Steps per trainer call: the weights (and γ̄) are read this often. */
export const SEGMENT = 8;

/** A 0/1 variant parameter (absent: 0). */
export function flag(p: Params, name: string): boolean {
  return choice(p, name, [0, 1]) === 1;
}

// ------------------------------------------------------------------------------------------------
// Networks, data and gradient-flow runs.

export interface Setup {
  d: number;
  m: number;
  n: number;
  X: Float64Array;
  y: Float64Array;
  W0: Float64Array;
  a: Float64Array;
  scaling: OutputScaling;
  constraint?: ConstraintSpec;
  seed: number;
}

/** w_j(0) ~ N(0, I_d), a_j uniform on {±1}. */
export function drawNetwork(s: Stream, m: number, d: number): { W0: Float64Array; a: Float64Array } {
  const W0 = s.child('W').normals(m * d);
  const sa = s.child('a');
  const a = new Float64Array(m);
  for (let j = 0; j < m; j++) a[j] = sa.uniform() < 0.5 ? -1 : 1;
  return { W0, a };
}

/** y = d·x1·x2 = sign(x1 x2) on the scaled hypercube. */
function parityLabels(X: Float64Array, n: number, d: number): Float64Array {
  return sparseParity(X, n, d, coordinateDirections(2, d), 2);
}

/** CLAIMS T's running example: x uniform on {±1/√d}^d, y = d·x1·x2. */
export function parityData(s: Stream, n: number, d: number): { X: Float64Array; y: Float64Array } {
  const X = hypercubeInputs(s, n, d);
  return { X, y: parityLabels(X, n, d) };
}

/** The population error over all 2^d vertices up to this many; a fresh sample of this size beyond. */
const PARITY_TEST = 4096;

/** The 0/1 test error of the network (W, a) on the parity: exact over the cube when 2^d ≤ 4096, else on a fresh sample. */
export function parityTestError(s: Stream, W: Float64Array, a: Float64Array, d: number, m: number): number {
  const exact = 2 ** d <= PARITY_TEST;
  const N = exact ? 2 ** d : PARITY_TEST;
  const Xt = exact ? hypercubeVertices(d) : hypercubeInputs(s, N, d);
  const net = architecture({ activation: 'relu', d, m, outputScaling: 'inv-sqrt-m' });
  return classificationError(predict(net, W, a, Xt, N), parityLabels(Xt, N, d), N);
}

/** The end of a run: what every claim reads, and what the halving rule compares. */
export interface Endpoint {
  W: Float64Array;
  loss: number;
  steps: number;
  /** γ̄ = min_i y_i f(x_i; W)/‖W‖_F. */
  gammaBar: number;
  /** √m·γ̄, the scale on which γ̄ compares with the NTK margin. */
  scaledMargin: number;
  /** ‖W_T − W_0‖_F. */
  moved: number;
}

export function isCheck(value: unknown): value is CheckResult {
  return typeof value === 'object' && value !== null && 'pass' in value;
}

/** One gradient-flow run through the plugged-in trainer; a run that cannot be used ends the trial. */
export async function runFlow(trainer: Trainer, setup: Setup, options: FlowOptions): Promise<FlowResult | CheckResult> {
  const { d, m, n, X, y, W0, a, scaling, constraint, seed } = setup;
  const result = await flow(
    trainer,
    {
      network: { activation: 'relu', d, m, outputScaling: scaling, trainFirst: true, trainSecond: false, W: W0, a },
      data: { n, X, y },
      loss: { kind: 'logistic', reduction: 'mean' },
      ...(constraint ? { constraint } : {}),
      seed,
    },
    options,
  );
  if (result.stop === 'unsupported') return { pass: false, status: 'skipped', reason: `trainer ${trainer.name} does not support this request` };
  if (result.stop === 'diverged') return { pass: false, status: 'diverged', reason: `diverged at step ${result.diverged?.step} (loss ${result.diverged?.loss})` };
  return result;
}

export function endpoint(setup: Setup, result: FlowResult): Endpoint {
  const net = architecture({ activation: 'relu', d: setup.d, m: setup.m, outputScaling: setup.scaling });
  const f = predict(net, result.W, result.a, setup.X, setup.n);
  const gammaBar = minMargin(f, setup.y, setup.n) / frobenius(result.W);
  let moved = 0;
  for (let k = 0; k < result.W.length; k++) moved += (result.W[k] - setup.W0[k]) ** 2;
  return { W: result.W, loss: result.loss, steps: result.steps, gammaBar, scaledMargin: Math.sqrt(setup.m) * gammaBar, moved: Math.sqrt(moved) };
}

/** The endpoint quantities the halving rule can compare (CLAIMS T: √m·γ̄ and ‖W_T − W_0‖_F). */
export type FlowReadout = 'scaledMargin' | 'moved';
const READOUT_NAMES: Record<FlowReadout, string> = { scaledMargin: '√m·γ̄', moved: '‖W−W0‖' };
/** Both readouts: the general gradient-flow check of the runs whose claim reads the margin. */
const BOTH_READOUTS: readonly FlowReadout[] = ['scaledMargin', 'moved'];

/**
 * Runs `run` at η and at 2η. The observables come from η; the trial is scored only when the 2η run moves each
 * of `read` by less than FIDELITY (so halving 2η changes them by < 5%: gradient flow for what the claim reads).
 */
export async function faithful<T extends Endpoint>(
  run: (eta: number) => Promise<T | CheckResult>, eta: number, read: readonly FlowReadout[] = BOTH_READOUTS,
): Promise<{ fine: T; change: number } | CheckResult> {
  const fine = await run(eta);
  if (isCheck(fine)) return fine;
  const coarse = await run(2 * eta);
  if (isCheck(coarse)) {
    // A trainer that cannot serve the coarse run cannot serve the claim; otherwise the fidelity is unknown.
    if (coarse.status === 'skipped') return coarse;
    return { ...coarse, status: 'not-scored', pass: false, reason: `fidelity run at 2η = ${2 * eta}: ${coarse.reason}` };
  }
  const change = relativeChange(fine, coarse, read);
  if (!(change < FIDELITY)) {
    const names = read.map((k) => READOUT_NAMES[k]).join(' or ');
    return { pass: false, status: 'not-scored', reason: `not gradient flow: doubling η = ${eta} moves ${names} by ${change.toExponential(2)} ≥ ${FIDELITY}`, observables: { halving: change } };
  }
  return { fine, change };
}

/** Not fitted within the step budget: shown, not counted. trainerLoss: the trainer stopped early at that loss of its own. */
export function notReached(what: string, e: { loss: number; steps: number; trainerLoss?: number }): CheckResult {
  const own = e.trainerLoss === undefined ? '' : `; the trainer stopped early at a loss of its own of ${e.trainerLoss.toExponential(2)}, so its loss is not log(1 + e^{−y f}) to this precision`;
  return { pass: false, status: 'not-scored', reason: `${what} not reached in ${e.steps} steps (loss ${e.loss.toExponential(2)})${own}`, observables: { loss: e.loss, steps: e.steps } };
}

export async function toLoss(trainer: Trainer, setup: Setup, eta: number, target: number, maxSteps: number): Promise<Endpoint | CheckResult> {
  const result = await runFlow(trainer, setup, { eta, segment: SEGMENT, stopAtLoss: target, maxSteps });
  if (isCheck(result)) return result;
  const end = endpoint(setup, result);
  return result.stop === 'loss' ? end : notReached(`loss ${target}`, { ...end, trainerLoss: result.trainerLoss });
}

export interface ParityInstance {
  d: number;
  /** Width m (the smaller one for the comparisons of T2 and T4). */
  m: number;
  n: number;
  seed: number;
}

export function parityInstance(d: number, m: number, n: number): fc.Arbitrary<ParityInstance> {
  return fc.record({ d: fc.constant(d), m: fc.constant(m), n: fc.constant(n), seed: SEED });
}

/** Loss at which γ̄ is read (first crossing). */
export const T2_LOSS = 1e-2;

/** The same data trained at widths m and 4m (independent initialisations), each checked for fidelity. */
export async function twoWidths(
  ctx: CheckContext, inst: ParityInstance, scaling: OutputScaling, lrPerWidth: (m: number) => number, read: readonly FlowReadout[],
): Promise<{ small: Endpoint; large: Endpoint; halving: number; data: { X: Float64Array; y: Float64Array } } | CheckResult> {
  const { d, m, n } = inst;
  const s = stream(inst.seed);
  const data = parityData(s.child('data'), n, d);
  const widths = [m, 4 * m];
  const ends: Endpoint[] = [];
  let halving = 0;
  for (const width of widths) {
    const setup: Setup = { d, m: width, n, ...data, ...drawNetwork(s.child(`init-${width}`), width, d), scaling, seed: inst.seed };
    const r = await faithful((eta) => toLoss(ctx.trainer, setup, eta, T2_LOSS, 20_000), lrPerWidth(width), read);
    if (isCheck(r)) return r;
    ends.push(r.fine);
    halving = Math.max(halving, r.change);
  }
  return { small: ends[0], large: ends[1], halving, data };
}
