// Telgarsky 2023: margins of low-rotation two-layer ReLU networks (CLAIMS.md, section T).
// f(x; W) = (1/√m) Σ_j a_j relu(w_j·x), a_j ∈ {±1} fixed, w_j(0) ~ N(0, I_d), ‖x‖ ≤ 1, y ∈ {±1}, mean
// logistic loss; gradient flow through the plugged-in trainer (src/train/flow.ts: GD in segments, the step
// rescaled by the loss once L < ¼). Normalised margin γ̄(W) = min_i y_i f(x_i; W)/‖W‖_F.
//
// Gradient-flow fidelity, every trial: the same run is repeated with the step doubled; √m·γ̄ and ‖W_T − W_0‖_F
// of the two runs must agree within 5% (the halving rule applied to 2η), else the trial is not scored. The
// observables are read from the finer run.
//
// Every instance is an integer seed (plus the rung's sizes); the check builds data, initial weights and
// NTK features from stream(seed), so a trial is a pure function of its instance.
import fc from 'fast-check';
import { drawGroups, groupsSeen, sampleGroups } from '../src/core/data/clusters';
import { hypercubeInputs, hypercubeVertices } from '../src/core/data/hypercube';
import { coordinateDirections, sparseParity } from '../src/core/data/targets';
import type { CheckContext, CheckResult, Claim, Expectation, Params, Rung } from '../src/contract/claim';
import { InputError } from '../src/contract/errors';
import { frobenius } from '../src/core/linalg/dense';
import { positiveMargin } from '../src/core/linalg/frank-wolfe';
import { minNormHull } from '../src/core/linalg/min-norm-hull';
import { classificationError, maxRelativeDip, minMargin } from '../src/core/model/margin';
import { architecture, predict } from '../src/core/model/network';
import { normOnlyFeatures, ntkMargin } from '../src/core/model/ntk';
import { stream, type Stream } from '../src/core/rng';
import { flow, relativeChange, type FlowOptions, type FlowResult, type FlowState } from '../src/core/train/flow';
import type { ConstraintSpec, OutputScaling, Trainer } from '../src/contract/trainer';
import { choice, intParam, SEED } from './shared/params';

const PAPER = 'Telgarsky 2023';
const TITLE = 'Feature selection and low test error in shallow low-rotation ReLU networks';

/** CLAIMS T: gradient flow approximated by full-batch GD with η = 4. */
const ETA = 4;
/** The halving rule: the run at 2η must move √m·γ̄ and ‖W_T − W_0‖_F by less than this, relative. */
const FIDELITY = 0.05;
/** Steps per trainer call: the weights (and γ̄) are read this often. */
const SEGMENT = 8;

/** A 0/1 variant parameter (absent: 0). */
function flag(p: Params, name: string): boolean {
  return choice(p, name, [0, 1]) === 1;
}

// ------------------------------------------------------------------------------------------------
// Networks, data and gradient-flow runs.

interface Setup {
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
function drawNetwork(s: Stream, m: number, d: number): { W0: Float64Array; a: Float64Array } {
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
function parityData(s: Stream, n: number, d: number): { X: Float64Array; y: Float64Array } {
  const X = hypercubeInputs(s, n, d);
  return { X, y: parityLabels(X, n, d) };
}

/** The end of a run: what every claim reads, and what the halving rule compares. */
interface Endpoint {
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

function isCheck(value: unknown): value is CheckResult {
  return typeof value === 'object' && value !== null && 'pass' in value;
}

/** One gradient-flow run through the plugged-in trainer; a run that cannot be used ends the trial. */
async function runFlow(trainer: Trainer, setup: Setup, options: FlowOptions): Promise<FlowResult | CheckResult> {
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

function endpoint(setup: Setup, result: FlowResult): Endpoint {
  const net = architecture({ activation: 'relu', d: setup.d, m: setup.m, outputScaling: setup.scaling });
  const f = predict(net, result.W, result.a, setup.X, setup.n);
  const gammaBar = minMargin(f, setup.y, setup.n) / frobenius(result.W);
  let moved = 0;
  for (let k = 0; k < result.W.length; k++) moved += (result.W[k] - setup.W0[k]) ** 2;
  return { W: result.W, loss: result.loss, steps: result.steps, gammaBar, scaledMargin: Math.sqrt(setup.m) * gammaBar, moved: Math.sqrt(moved) };
}

/** γ̄ of the state of a flow callback (its outputs f are on the training inputs). */
function stateMargin(state: FlowState, y: Float64Array, n: number): number {
  return minMargin(state.f, y, n) / frobenius(state.W);
}

/** The endpoint quantities the halving rule can compare (CLAIMS T: √m·γ̄ and ‖W_T − W_0‖_F). */
type FlowReadout = 'scaledMargin' | 'moved';
const READOUT_NAMES: Record<FlowReadout, string> = { scaledMargin: '√m·γ̄', moved: '‖W−W0‖' };
/** Both readouts: the general gradient-flow check of the runs whose claim reads the margin. */
const BOTH_READOUTS: readonly FlowReadout[] = ['scaledMargin', 'moved'];

/**
 * Runs `run` at η and at 2η. The observables come from η; the trial is scored only when the 2η run moves each
 * of `read` by less than FIDELITY (so halving 2η changes them by < 5%: gradient flow for what the claim reads).
 */
async function faithful<T extends Endpoint>(
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

/** Not fitted within the step budget: shown, not counted. */
function notReached(what: string, e: { loss: number; steps: number }): CheckResult {
  return { pass: false, status: 'not-scored', reason: `${what} not reached in ${e.steps} steps (loss ${e.loss.toExponential(2)})`, observables: { loss: e.loss, steps: e.steps } };
}

// ------------------------------------------------------------------------------------------------
// T1 margins grow once the data are fit.

export interface ParityInstance {
  d: number;
  /** Width m (the smaller one for the comparisons of T2 and T4). */
  m: number;
  n: number;
  seed: number;
}

function parityInstance(d: number, m: number, n: number): fc.Arbitrary<ParityInstance> {
  return fc.record({ d: fc.constant(d), m: fc.constant(m), n: fc.constant(n), seed: SEED });
}

/** CLAIMS T1: dips of γ̄ above this (relative) count as a decrease. */
const T1_DIP = 1e-3;
/** T1 follows γ̄ from the fit (L < ln 2/n) until the loss is two decades lower. */
const T1_DECADES = 2;

/** CLAIMS T1 calibrates the SGD control at batch 8; smaller batches are noisier still. */
const T1_CONTROL_BATCH = 8;

/*
 * Calibration of T1 (harness, reference trainer, rate-mode seed 1, 30 trials a rung, m = n = d², γ̄ read every
 * 8 steps for GD and SGD alike; dip median [q10, q90]):
 *   d    GD (holds)                  SGD batch 8 (fails)
 *   6    30/30, dip 0                0/30 (batch 6 and batch 8)
 *   8    30/30, dip 0 [0, 0]         0/30, dip 8.7e−3 [4.5e−3, 1.5e−2]
 *   10   —                           0/30, dip 3.4e−2 [2.1e−2, 5.0e−2]
 *   12   30/30, dip 0 [0, 0]         0/30, dip 3.5e−2 [2.2e−2, 5.4e−2]
 *   16   10/10, dip 0 [0, 0]         0/30, dip 3.3e−2 [1.7e−2, 4.8e−2]
 * Larger batches are closer to GD and not a control: at d = 8, batch 16 passes 4/20 and batch 32 14/20 (observed).
 * At d = 8 a pass is 8 steps, so each reading falls on a pass boundary (CLAIMS: 3e−3 to 1.3e−2); from d = 10 the
 * readings also fall inside passes, where SGD has moved on part of the data only. Read once a pass instead (every
 * 18 steps), the d = 12 control passes 8 of 30 (dip 3.2e−3 [0, 8.6e−3]): the pass averages out the noise tested.
 */
function t1Expect(p: Params): Expectation {
  const batch = intParam(p, 'batch', 0);
  if (batch > T1_CONTROL_BATCH) return { outcome: 'observe', why: `SGD with batch ${batch}: CLAIMS T1 calibrates the control at batch ${T1_CONTROL_BATCH}` };
  if (batch > 0) return { outcome: 'fails', why: `SGD with batch ${batch}: γ̄ dips by more than 1e−3 in every trial, d = 8 to 16 (CLAIMS T1: 3e−3 to 1.3e−2, 0.00)` };
  return { outcome: 'holds', why: 'gradient flow: γ̄ never dipped by more than 1e−3 after the fit (CLAIMS T1: 1.00 at d = 8 and 12)' };
}

function t1Rung(d: number, batch: number, runs: number): Rung {
  const params = { d, batch };
  return { name: `d=${d}, m=n=${d * d}, ${batch ? `SGD batch ${batch}` : 'GD'}`, params, expected: t1Expect(params), runs };
}

interface T1Run extends Endpoint {
  dip: number;
  points: number;
  fitMargin: number;
}

export const marginsGrow: Claim<ParityInstance> = {
  id: 'low-rotation.margins-grow',
  paper: PAPER,
  statement: 'Once the training loss is below ln 2/n, gradient flow never decreases the normalised margin γ̄ = min_i y_i f(x_i)/‖W‖_F.',
  source: `${TITLE}: margins after the data are fit (the monotone smoothed margin of 1-homogeneous networks)`,
  runs: 5,
  defaults: { d: 8, batch: 0 },
  ladders: {
    small: [t1Rung(6, 0, 3), t1Rung(6, 6, 3)],
    default: [t1Rung(8, 0, 20), t1Rung(8, 8, 20)],
    large: [t1Rung(8, 0, 30), t1Rung(8, 8, 30), t1Rung(12, 0, 20), t1Rung(12, 8, 20)],
  },
  expect: t1Expect,
  instance(params) {
    const d = intParam(params, 'd', 3);
    return parityInstance(d, d * d, d * d);
  },
  async check(inst, ctx: CheckContext) {
    const { d, m, n } = inst;
    const batch = intParam(ctx.params, 'batch', 0);
    const s = stream(inst.seed);
    const setup: Setup = { d, m, n, ...parityData(s.child('data'), n, d), ...drawNetwork(s.child('init'), m, d), scaling: 'inv-sqrt-m', seed: inst.seed };
    const fit = Math.LN2 / n;
    const target = fit * 10 ** -T1_DECADES;
    const run = async (eta: number): Promise<T1Run | CheckResult> => {
      const series: number[] = [];
      let fitMargin = Number.NaN;
      const result = await runFlow(ctx.trainer, setup, {
        eta,
        // γ̄ is read along the run at one cadence for GD and SGD alike: the control differs only in the algorithm.
        segment: SEGMENT,
        stopAtLoss: target,
        maxSteps: 40_000,
        ...(batch > 0 ? { batchSize: batch } : {}),
        observe: (state) => {
          if (state.loss >= fit) return;
          const g = stateMargin(state, setup.y, n);
          if (series.length === 0) fitMargin = Math.sqrt(m) * g;
          series.push(g);
        },
      });
      if (isCheck(result)) return result;
      const end = endpoint(setup, result);
      if (result.stop !== 'loss') return notReached(`loss ${target.toExponential(1)}`, end);
      return { ...end, dip: maxRelativeDip(series), points: series.length, fitMargin };
    };
    // SGD is the negative control, not an approximation of the flow: no fidelity run.
    let e: T1Run;
    let halving = 0;
    if (batch > 0) {
      const r = await run(ETA);
      if (isCheck(r)) return r;
      e = r;
    } else {
      const r = await faithful(run, ETA);
      if (isCheck(r)) return r;
      e = r.fine;
      halving = r.change;
    }
    // CLAIMS T1: after L < ln 2/n, γ̄ never dips by more than 1e−3 relative.
    const pass = e.dip <= T1_DIP;
    return { pass, observables: { dip: e.dip, fitMargin: e.fitMargin, endMargin: e.scaledMargin, points: e.points, steps: e.steps, halving } };
  },
  plot: { x: 'batch', series: 'd' },
  notes: [
    `γ̄ is read every ${SEGMENT} steps, GD and SGD alike, from the first loss below ln 2/n until the loss is ${10 ** T1_DECADES}× lower; dip = max_{s<t} (γ̄_s − γ̄_t)/γ̄_s. endMargin and fitMargin are √m·γ̄.`,
    'Calibration (CLAIMS T1, numpy): GD 1.00 at d = 8 and 12; SGD with batch 8 dips by 3e−3 to 1.3e−2 (0.00).',
    'Calibration (harness, seed 1, 30 trials a rung): GD 30/30 at d = 6, 8 and 12, 10/10 at d = 16 (dip 0); SGD batch 8 0/30 at d = 8, 10, 12, 16 (median dip 8.7e−3 at d = 8, 3.3e−2 to 3.5e−2 from d = 10, where the readings fall inside passes). Read once a pass instead, the d = 12 control passes 8 of 30.',
    'The SGD control uses the same step schedule as the flow (η = 4, rescaled by the full loss) and is not checked for fidelity: it is not meant to approximate the flow.',
  ],
};

// ------------------------------------------------------------------------------------------------
// T2 gradient flow reaches the NTK margin, with a constant that does not shrink in m.

/** CLAIMS T2: the constant c = √m·γ̄/γ_ntk at 4m must keep ≥ 0.8 of its value at m. */
const T2_KEEP = 0.8;
/** Loss at which γ̄ is read (first crossing). */
const T2_LOSS = 1e-2;
const NTK_K = 1024;
const NTK_RESAMPLES = 3;
/**
 * The control ("the same check without the √m", CLAIMS T2) separates only once γ̄'s 1/√m shrinkage outweighs the
 * finite-width growth of c between m and 4m (c grows 1.47× at d = 8, 1.27× at d = 12), so it is gated from d = 10.
 * Calibration (harness, reference trainer, rate-mode seed 1, m = d² vs 4d², n = d²; g = γ̄(4m)/γ̄(m), the control
 * passes when g ≥ 0.8; the holds side is c(4m) ≥ 0.8·c(m), i.e. g ≥ 0.4):
 *   d     trials   holds side   control    g median [q10, q90]    max g
 *   6       30     30/30        26/30      0.84 [0.77, 0.90]      1.06
 *   8      100    100/100       13/100     0.74 [0.68, 0.81]      0.90   (CLAIMS: 0.10; Wilson [0.08, 0.21])
 *   10      30     30/30         0/30      0.69 [0.63, 0.72]      0.77
 *   12      30     30/30         0/30      0.65 [0.61, 0.68]      0.69   (CLAIMS: 0.00)
 * At d ≤ 8 the control's rate sits on or above the 0.1 target, so there it is observed, not gated.
 */
const T2_CONTROL_FROM_D = 10;

function t2Expect(p: Params): Expectation {
  const d = intParam(p, 'd', 3);
  if (flag(p, 'control')) {
    if (d < T2_CONTROL_FROM_D) return { outcome: 'observe', why: `without √m at d < ${T2_CONTROL_FROM_D}: 13/100 at d = 8, 26/30 at d = 6 (the finite-width growth of c offsets γ̄'s 1/√m)` };
    return { outcome: 'fails', why: 'without √m, γ̄ itself shrinks like 1/√m: 0/30 at d = 10 and 12 (CLAIMS T2: 0.00 at d = 12)' };
  }
  if (d > 12) return { outcome: 'observe', why: 'CLAIMS T2 is calibrated at d = 8 and 12 only (γ_ntk = 0.042 at d = 16)' };
  return { outcome: 'holds', why: 'CLAIMS T2: 1.00 at d = 8 and 12 (medians 6.7 → 10.1 and 11.3 → 14.4)' };
}

function t2Rung(d: number, m: number, control: number, runs: number): Rung {
  const params = { d, m, control };
  return { name: `d=${d}, m=${m} vs ${4 * m}${control ? ', control: no √m' : ''}`, params, expected: t2Expect(params), runs };
}

async function toLoss(trainer: Trainer, setup: Setup, eta: number, target: number, maxSteps: number): Promise<Endpoint | CheckResult> {
  const result = await runFlow(trainer, setup, { eta, segment: SEGMENT, stopAtLoss: target, maxSteps });
  if (isCheck(result)) return result;
  const end = endpoint(setup, result);
  return result.stop === 'loss' ? end : notReached(`loss ${target}`, end);
}

/** The same data trained at widths m and 4m (independent initialisations), each checked for fidelity. */
async function twoWidths(
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

export const ntkMarginConstant: Claim<ParityInstance> = {
  id: 'low-rotation.ntk-margin',
  paper: PAPER,
  statement: 'Gradient flow attains at least the NTK margin: √m·γ̄ ≥ c·γ_ntk with a constant c that does not shrink when m grows (compared at m and 4m on the same data).',
  source: `${TITLE}: GF attains the NTK margin near initialisation (escape from bad KKT points)`,
  runs: 5,
  defaults: { d: 8, m: 64, control: 0 },
  ladders: {
    small: [t2Rung(8, 64, 0, 2), t2Rung(10, 100, 1, 2)],
    // The control where CLAIMS puts it and it separates (d = 12); d = 8's control is observed (see T2_CONTROL_FROM_D).
    default: [t2Rung(8, 64, 0, 20), t2Rung(12, 144, 1, 20)],
    large: [
      t2Rung(8, 64, 0, 30), t2Rung(8, 64, 1, 30), t2Rung(10, 100, 1, 20), t2Rung(12, 144, 0, 20), t2Rung(12, 144, 1, 20), t2Rung(16, 256, 0, 2),
    ],
  },
  expect: t2Expect,
  instance(params) {
    const d = intParam(params, 'd', 3);
    return parityInstance(d, intParam(params, 'm', 1), d * d);
  },
  async check(inst, ctx) {
    const control = flag(ctx.params, 'control');
    const both = await twoWidths(ctx, inst, 'inv-sqrt-m', () => ETA, ['scaledMargin']);
    if (isCheck(both)) return both;
    const growth = both.large.scaledMargin / both.small.scaledMargin;
    const gammaBarGrowth = both.large.gammaBar / both.small.gammaBar;
    // CLAIMS T2, the control: γ̄(4m) ≥ 0.8·γ̄(m), the check without the √m (γ_ntk cancels from both sides).
    if (control) return { pass: gammaBarGrowth >= T2_KEEP, observables: { growth, gammaBarGrowth, halving: both.halving } };
    const { d, n } = inst;
    const ntk = ntkMargin(both.data.X, both.data.y, n, d, NTK_K, NTK_RESAMPLES, stream(inst.seed).child('ntk'));
    if (!ntk.converged || !(ntk.mean > 0)) return { pass: false, status: 'error', reason: `NTK margin not certified (mean ${ntk.mean}, gap ${ntk.gap})` };
    const ratioM = both.small.scaledMargin / ntk.mean;
    const ratio4M = both.large.scaledMargin / ntk.mean;
    // CLAIMS T2: c(4m) ≥ 0.8·c(m) with c = √m·γ̄/γ_ntk read at the first L < 1e−2.
    return {
      pass: ratio4M >= T2_KEEP * ratioM,
      observables: {
        ratioM, ratio4M, growth, gammaBarGrowth, gammaNtk: ntk.mean, gammaNtkSd: ntk.sd, ntkK: NTK_K, ntkGap: ntk.gap, halving: both.halving,
      },
    };
  },
  plot: { x: 'd', series: 'control' },
  reference(params) {
    const ref: Record<number, Record<string, number>> = {
      8: { ratioM: 6.7, ratio4M: 10.1, gammaNtk: 0.089 },
      12: { ratioM: 11.3, ratio4M: 14.4, gammaNtk: 0.058 },
      16: { gammaNtk: 0.042 },
    };
    return params.m === params.d * params.d ? ref[params.d] : undefined;
  },
  notes: [
    'Trend inside one trial: every trial trains the same data (n = d²) at m and at 4m and compares the two; the rung names the pair.',
    `γ̄ is read at the first step with loss < ${T2_LOSS}. γ_ntk: hard-margin SVM margin of K = ${NTK_K} sampled NTK features x ⊗ 1[v_k·x ≥ 0]/√K, the mean over ${NTK_RESAMPLES} independent draws (gammaNtkSd: their spread; ntkGap: the largest min-norm certificate gap).`,
    'Calibration (CLAIMS T2, numpy): γ_ntk medians 0.089 / 0.058 / 0.042 at d = 8 / 12 / 16 (the same for K = 256, 1024, 4096); c medians 6.7 → 10.1 (d = 8) and 11.3 → 14.4 (d = 12); control 0.10 / 0.00.',
    `Control (the check without √m): gated from d = ${T2_CONTROL_FROM_D}. Calibration (reference trainer, seed 1): control pass rate 26/30 at d = 6, 13/100 at d = 8 (CLAIMS 0.10), 0/30 at d = 10, 0/30 at d = 12 (CLAIMS 0.00); the holds side 1.00 at each. At d = 8 the rate sits on the 0.1 target (γ̄(4m)/γ̄(m): median 0.74, q90 0.81 against 0.8), so it is observed there; γ_ntk cancels from the control and is not computed for it.`,
  ],
};

// ------------------------------------------------------------------------------------------------
// T3 low test error with n ∝ 1/γ².

/** CLAIMS T3: test error ≤ 0.1. */
const T3_ERROR = 0.1;
/** CLAIMS T3: 2000 steps of η = 4, i.e. gradient-flow time 8000. */
const T3_TIME = 2000 * ETA;
/** The exact population error over all 2^d vertices up to this many; a fresh sample of this size beyond. */
const T3_TEST = 4096;

function t3Samples(p: Params): number {
  return intParam(p, 'n', 1);
}

function t3Expect(p: Params): Expectation {
  const d = intParam(p, 'd', 3);
  const n = t3Samples(p);
  if (n >= d * d) return { outcome: 'holds', why: 'n = d²: 1.00 at d = 8, 12, 16 (CLAIMS T3)' };
  if (n <= (d * d) / 4) return { outcome: 'fails', why: 'n ≤ d²/4: 0.00 (CLAIMS T3; n = d/4 has error ≈ 0.5)' };
  return { outcome: 'observe', why: 'n = d²/2: 0.70 / 0.80 / 1.00 at d = 8 / 12 / 16 (CLAIMS T3)' };
}

function t3Rungs(d: number, runs: number, which: readonly string[] = ['d²', 'd²/2', 'd²/4', 'd/4']): Rung[] {
  const sizes: Record<string, number> = { 'd²': d * d, 'd²/2': (d * d) / 2, 'd²/4': (d * d) / 4, 'd/4': Math.max(1, Math.round(d / 4)) };
  return which.map((label) => {
    const params = { d, n: sizes[label] };
    return { name: `d=${d}, n=${label} (${sizes[label]})`, params, expected: t3Expect(params), runs };
  });
}

export const lowTestError: Claim<ParityInstance> = {
  id: 'low-rotation.test-error',
  paper: PAPER,
  statement: 'With width m = d² and n = d² ∝ 1/γ_ntk² samples (γ_ntk ≈ 0.7/d), gradient flow on the 2-sparse parity reaches test error ≤ 0.1; with n ≤ d²/4 it does not.',
  source: `${TITLE}: sample complexity inversely proportional to the NTK margin`,
  runs: 5,
  defaults: { d: 8, n: 64 },
  ladders: {
    small: t3Rungs(8, 3, ['d²', 'd²/4']),
    // n = d²/4 passes at 0.025 (5 of 200 trials at d = 8): 40 trials leave room to settle after an unlucky start.
    default: [...t3Rungs(8, 20, ['d²', 'd²/2']), ...t3Rungs(8, 40, ['d²/4', 'd/4'])],
    large: [...t3Rungs(8, 30), ...t3Rungs(12, 20), ...t3Rungs(16, 5)],
  },
  expect: t3Expect,
  instance(params) {
    const d = intParam(params, 'd', 3);
    return parityInstance(d, d * d, t3Samples(params));
  },
  async check(inst, ctx) {
    const { d, m, n } = inst;
    const s = stream(inst.seed);
    const setup: Setup = { d, m, n, ...parityData(s.child('data'), n, d), ...drawNetwork(s.child('init'), m, d), scaling: 'inv-sqrt-m', seed: inst.seed };
    const run = async (eta: number): Promise<Endpoint | CheckResult> => {
      const result = await runFlow(ctx.trainer, setup, { eta, segment: SEGMENT, maxTime: T3_TIME, maxSteps: 20_000 });
      if (isCheck(result)) return result;
      const end = endpoint(setup, result);
      return result.stop === 'time' ? end : notReached(`time ${T3_TIME}`, end);
    };
    const r = await faithful(run, ETA);
    if (isCheck(r)) return r;
    // Test error on the whole cube (exact) when it is small, else on a fresh sample.
    const exact = 2 ** d <= T3_TEST;
    const N = exact ? 2 ** d : T3_TEST;
    const Xt = exact ? hypercubeVertices(d) : hypercubeInputs(s.child('test'), N, d);
    const yt = parityLabels(Xt, N, d);
    const net = architecture({ activation: 'relu', d, m, outputScaling: 'inv-sqrt-m' });
    const testError = classificationError(predict(net, r.fine.W, setup.a, Xt, N), yt, N);
    const trainError = classificationError(predict(net, r.fine.W, setup.a, setup.X, n), setup.y, n);
    // CLAIMS T3: test error ≤ 0.1 after gradient-flow time 8000.
    return { pass: testError <= T3_ERROR, observables: { testError, trainError, loss: r.fine.loss, steps: r.fine.steps, halving: r.change } };
  },
  plot: { x: 'n', series: 'd', logX: true },
  notes: [
    `Gradient flow to time ${T3_TIME} (CLAIMS T3: 2000 steps of η = 4). Test error: exact over the 2^d vertices when 2^d ≤ ${T3_TEST}, else a fresh sample of ${T3_TEST} points.`,
    'Calibration (CLAIMS T3, numpy, 10 seeds): n = d²: 1.00 at d = 8, 12, 16; n = d²/2: 0.70 / 0.80 / 1.00 (observe); n = d²/4 and d/4: 0.00.',
    'Calibration (harness, reference trainer): d = 8, n = d²/4: 5 of 200 (seeds 1 and 7); seed 1, 20 trials: d = 12, n = d²: 20/20, n = d²/4: 0/20, n = d/4: 0/20; d = 8, n = d/4: 0/20.',
  ],
};

// ------------------------------------------------------------------------------------------------
// T4 the weights move little.

/** CLAIMS T4: r(4m)/r(m) ≤ 1.5 with r = ‖W_T − W_0‖_F. */
const T4_GROWTH = 1.5;

function t4Expect(p: Params): Expectation {
  if (flag(p, 'meanField')) return { outcome: 'fails', why: 'mean-field scaling 1/m: r grows like √m (CLAIMS T4: all trials fail)' };
  return { outcome: 'holds', why: 'r is nearly flat in m: 40.6, 43.2, 46.6 at m = 64, 256, 1024 (CLAIMS T4: 1.00)' };
}

function t4Rung(d: number, m: number, meanField: number, runs: number): Rung {
  const params = { d, m, meanField };
  return { name: `d=${d}, m=${m} vs ${4 * m}, ${meanField ? 'mean-field 1/m' : '1/√m'}`, params, expected: t4Expect(params), runs };
}

export const weightsMoveLittle: Claim<ParityInstance> = {
  id: 'low-rotation.weights-move-little',
  paper: PAPER,
  statement: 'Under the 1/√m scaling gradient flow moves the weights by O(1), not O(√m): ‖W_T − W_0‖_F grows by at most 1.5× when m quadruples.',
  source: `${TITLE}: the near-initialisation regime (weights move by at most O(√m), in fact O(1))`,
  runs: 5,
  defaults: { d: 8, m: 64, meanField: 0 },
  ladders: {
    small: [t4Rung(6, 36, 0, 2), t4Rung(6, 36, 1, 2)],
    default: [t4Rung(8, 64, 0, 20), t4Rung(8, 64, 1, 20)],
    large: [t4Rung(8, 64, 0, 30), t4Rung(8, 256, 0, 8), t4Rung(8, 64, 1, 30), t4Rung(12, 144, 0, 20)],
  },
  expect: t4Expect,
  instance(params) {
    const d = intParam(params, 'd', 3);
    return parityInstance(d, intParam(params, 'm', 1), d * d);
  },
  async check(inst, ctx) {
    const meanField = flag(ctx.params, 'meanField');
    // Mean-field runs on its own clock: step η·m gives the same function-space speed as η under 1/√m.
    // The halving rule is applied to r, the quantity compared: the min-margin at the stop is not read here, and a
    // trainer off the asked dynamics leaves it unstable in η while its r is settled and measured.
    const both = await twoWidths(ctx, inst, meanField ? 'inv-m' : 'inv-sqrt-m', (width) => (meanField ? ETA * width : ETA), ['moved']);
    if (isCheck(both)) return both;
    const growth = both.large.moved / both.small.moved;
    // CLAIMS T4: r(4m)/r(m) ≤ 1.5, r = ‖W_T − W_0‖_F at the first L < 1e−2.
    return {
      pass: growth <= T4_GROWTH,
      observables: { rM: both.small.moved, r4M: both.large.moved, growth, rOverSqrtM: both.small.moved / Math.sqrt(inst.m), halving: both.halving },
    };
  },
  plot: { x: 'm', series: 'meanField', logX: true },
  reference(params) {
    if (flag(params, 'meanField') || params.d !== 8) return undefined;
    const r: Record<number, number> = { 64: 40.6, 256: 43.2, 1024: 46.6 };
    return r[params.m] !== undefined && r[4 * params.m] !== undefined ? { rM: r[params.m], r4M: r[4 * params.m] } : undefined;
  },
  notes: [
    'Trend inside one trial: every trial trains the same data (n = d²) at m and at 4m, both to the first step with loss < 1e−2, and compares r = ‖W_T − W_0‖_F.',
    'Mean-field control: f = (1/m) Σ_j a_j relu(w_j·x) with step η·m (the mean-field time scale, same function-space speed); r then grows like √m.',
    'Calibration (CLAIMS T4, numpy, d = 8): r = 40.6, 43.2, 46.6 at m = 64, 256, 1024. The looser "r/√m within 2×" is not used (it passes at 4d² only by a hair).',
    'The halving rule is applied to r, the quantity compared. Checked on the reference trainer (seed 1): r(4m)/r(m) ≤ 1.16 in 30 of 30 at d = 6 and 1.05 [1.02, 1.09] at d = 8; mean-field control: 1.82 to 2.08, 0 of 20 at d = 6.',
    'A trainer that scales the output by 1/m where 1/√m was asked (seed 1, 30 trials): r(4m)/r(m) median 1.45, range 1.10 to 2.40, passes 16 of 27 scored at d = 8, 9 of 16 at d = 6 (the others not scored: r itself moves by more than 5% when η doubles). With the margin also in the halving rule, none of its trials was scored (0 of 4 at d = 8, seed 7).',
  ],
};

// ------------------------------------------------------------------------------------------------
// T5 neural collapse: samples scale with the number of groups.

/** CLAIMS T5: test error ≤ 0.05. */
const T5_ERROR = 0.05;
const T5_D = 16;
const T5_M = 256;
const T5_TEST = 2000;
const T5_LOSS = 1e-2;

export interface GroupInstance {
  k: number;
  n: number;
  seed: number;
}

function t5Expect(p: Params): Expectation {
  const k = intParam(p, 'k', 2);
  const n = intParam(p, 'n', 1);
  if (n >= 3 * k * Math.log(k)) return { outcome: 'holds', why: 'n = 3k ln k: 1.00 for k = 8, 16, 32 (CLAIMS T5)' };
  if (n < k / 2) return { outcome: 'fails', why: 'n < k/2: an unseen group, error > 0.1 in all seeds (CLAIMS T5)' };
  return { outcome: 'observe', why: 'n = k ln k: 0.6–0.8 (CLAIMS T5)' };
}

function t5Rung(k: number, rule: '3k ln k' | 'k ln k' | '< k/2', runs: number): Rung {
  const n = rule === '3k ln k' ? Math.ceil(3 * k * Math.log(k)) : rule === 'k ln k' ? Math.ceil(k * Math.log(k)) : Math.ceil(k / 2) - 1;
  const params = { k, n };
  return { name: `k=${k}, n=${rule} (${n})`, params, expected: t5Expect(params), runs };
}

export const neuralCollapse: Claim<GroupInstance> = {
  id: 'low-rotation.neural-collapse',
  paper: PAPER,
  statement: 'With k tight, well-separated groups, gradient flow reaches test error ≤ 0.05 from n ≈ 3k ln k samples; with fewer than k/2 samples it cannot.',
  source: `${TITLE}: the neural-collapse regime (sample complexity scales with the number of groups)`,
  runs: 5,
  defaults: { k: 8, n: 50 },
  ladders: {
    small: [t5Rung(4, '3k ln k', 3), t5Rung(8, '< k/2', 3)],
    // k = 16 at 3k ln k runs in the large ladder only (the family's default run time); the controls keep both sizes,
    // with 40 trials: at k = 8 the control passes at 0.03 (9 of 259), so 20 would end inconclusive in about 1 run in 30.
    default: [t5Rung(8, '3k ln k', 20), t5Rung(8, 'k ln k', 8), t5Rung(8, '< k/2', 40), t5Rung(16, '< k/2', 40)],
    large: [8, 16, 32].flatMap((k) => [t5Rung(k, '3k ln k', 20), t5Rung(k, 'k ln k', 10), t5Rung(k, '< k/2', 20)]),
  },
  expect: t5Expect,
  instance(params) {
    return fc.record({ k: fc.constant(intParam(params, 'k', 2)), n: fc.constant(intParam(params, 'n', 1)), seed: SEED });
  },
  async check(inst, ctx) {
    const { k, n } = inst;
    const d = T5_D;
    const m = T5_M;
    const s = stream(inst.seed);
    // CLAIMS T5: centres of norm 0.9 at pairwise distance ≥ 1, radius 0.05, a random label per group.
    const groups = drawGroups(s.child('groups'), k, d, { norm: 0.9, minDistance: 1, radius: 0.05 });
    const train = sampleGroups(s.child('train'), groups, n);
    const test = sampleGroups(s.child('test'), groups, T5_TEST);
    const setup: Setup = { d, m, n, X: train.X, y: train.y, ...drawNetwork(s.child('init'), m, d), scaling: 'inv-sqrt-m', seed: inst.seed };
    const r = await faithful((eta) => toLoss(ctx.trainer, setup, eta, T5_LOSS, 20_000), ETA);
    if (isCheck(r)) return r;
    const net = architecture({ activation: 'relu', d, m, outputScaling: 'inv-sqrt-m' });
    const testError = classificationError(predict(net, r.fine.W, setup.a, test.X, T5_TEST), test.y, T5_TEST);
    const seen = groupsSeen(train.group, k);
    // CLAIMS T5: test error ≤ 0.05 on a fresh sample.
    return { pass: testError <= T5_ERROR, observables: { testError, unseenGroups: k - seen, steps: r.fine.steps, halving: r.change } };
  },
  plot: { x: 'n', series: 'k', logX: true },
  notes: [
    `d = ${T5_D}, m = ${T5_M}; gradient flow to the first step with loss < ${T5_LOSS}; test error on a fresh sample of ${T5_TEST} points (standard error ≤ 0.011).`,
    'Calibration (CLAIMS T5, numpy): n = 3k ln k: 1.00 for k = 8, 16, 32; n = k ln k: 0.6–0.8 (observe); n < k/2: an unseen group, fails in all seeds.',
    'Calibration (harness, reference trainer, seeds 1 and 7, 100 trials each): n < k/2 passes in 5 of 198 scored trials at k = 8 (n = 3: the unseen groups all land on the predicted side; 4 of 61 more in the default runs at seeds 1 and 7) and 0 of 200 at k = 16 (n = 7).',
  ],
};

// ------------------------------------------------------------------------------------------------
// T6 norm-only training reaches the maximum margin of its own class.

/** CLAIMS T6: γ̄/γ₊ ≥ 0.85. */
const T6_RATIO = 0.85;
/**
 * Base step η = 32·d. The norm-only network is linear in r with small features (‖φ₊(x)‖² ≈ 1/(2d)), so its
 * loss curvature is ≈ 1/(2d) of the full network's and γ₊ ≈ 0.01 at d = 8: η = 4 would need ~10⁵ steps.
 * The per-run fidelity check (2η) guards this step as every other.
 */
const T6_ETA_PER_D = 32;
/** γ₊ is certified to this relative gap: far below the 15% margin of the 0.85 threshold. */
const T6_CERTIFICATE = 1e-4;

function t6Target(p: Params): number {
  const v = p.lossExp;
  if (!Number.isInteger(v) || v < 0) throw new InputError('params.lossExp', v, 'an integer ≥ 0 (0: the first fit, L < ln 2/n; e: L < 10^−e)');
  return v;
}

function t6Expect(p: Params): Expectation {
  const e = t6Target(p);
  if (e === 0) return { outcome: 'fails', why: 'at the first fit γ̄/γ₊ < 0.85 in all trials (CLAIMS T6: 0.00; the convergence is 1/log t)' };
  if (e >= 6) return { outcome: 'holds', why: 'loss < 1e−6: 1.00 (CLAIMS T6: median 0.93; 0.98 at 1e−20)' };
  return { outcome: 'observe', why: 'between the fit and 1e−6: a point of the convergence curve' };
}

function t6Rung(d: number, lossExp: number, runs: number): Rung {
  const params = { d, lossExp };
  return { name: `d=${d}, m=${4 * d * d}, ${lossExp === 0 ? 'first fit' : `loss < 1e−${lossExp}`}`, params, expected: t6Expect(params), runs };
}

/** The largest |cos − 1| a kept direction may show: rounding of r_j·u_j and of the row norm. */
function directionsKept(W: Float64Array, W0: Float64Array, m: number, d: number): { ok: boolean; zeros: number; worst: number } {
  let zeros = 0;
  let worst = 0;
  for (let j = 0; j < m; j++) {
    let ww = 0;
    let w0 = 0;
    let dot = 0;
    for (let k = 0; k < d; k++) {
      ww += W[j * d + k] ** 2;
      w0 += W0[j * d + k] ** 2;
      dot += W[j * d + k] * W0[j * d + k];
    }
    if (ww === 0) {
      zeros++;
      continue;
    }
    worst = Math.max(worst, Math.abs(1 - dot / Math.sqrt(ww * w0)));
  }
  return { ok: worst <= 8 * d * Number.EPSILON, zeros, worst };
}

export const normOnlyMaxMargin: Claim<ParityInstance> = {
  id: 'low-rotation.norm-only-max-margin',
  paper: PAPER,
  statement: 'With w_j = r_j u_j (directions fixed, r_j ≥ 0 trained), gradient flow reaches the maximum margin γ₊ of its own class: γ̄/γ₊ ≥ 0.85 once the loss is < 1e−6, but not yet when the data are first fit.',
  source: `${TITLE}: norm-only training attains globally maximal margins (large width)`,
  runs: 4,
  defaults: { d: 8, lossExp: 6 },
  ladders: {
    // CLAIMS T6's own size, d = 8: at d = 6 the flow's time-rescaled step (η = 32·d over ‖φ₊‖² ≈ 1/(2d)) diverged in
    // 1 of 24 trials (seed 1) and 1 of 2 (seed 7) under the reference trainer; at d = 8 in 0 of 120 (seeds 1, 3, 7).
    small: [t6Rung(8, 6, 2), t6Rung(8, 0, 2)],
    default: [t6Rung(8, 6, 20), t6Rung(8, 0, 20)],
    large: [...[0, 2, 4, 6, 10, 20].map((e) => t6Rung(8, e, e === 6 || e === 0 ? 12 : 6)), t6Rung(12, 6, 4), t6Rung(12, 0, 4)],
  },
  expect: t6Expect,
  instance(params) {
    const d = intParam(params, 'd', 3);
    return parityInstance(d, 4 * d * d, d * d);
  },
  async check(inst, ctx) {
    const { d, m, n } = inst;
    const lossExp = t6Target(ctx.params);
    const s = stream(inst.seed);
    const setup: Setup = {
      d, m, n, ...parityData(s.child('data'), n, d), ...drawNetwork(s.child('init'), m, d), scaling: 'inv-sqrt-m', constraint: { kind: 'norm-only' }, seed: inst.seed,
    };
    // γ₊ = max_{r ≥ 0, ‖r‖ ≤ 1} min_i y_i ⟨r, φ₊(x_i)⟩ = min_{λ∈Δ} ‖(Σ_i λ_i y_i φ₊(x_i))₊‖ (CLAIMS T6, Frank–Wolfe).
    const U = new Float64Array(m * d);
    for (let j = 0; j < m; j++) {
      const w = setup.W0.subarray(j * d, (j + 1) * d);
      const c = 1 / frobenius(w);
      for (let k = 0; k < d; k++) U[j * d + k] = c * w[k];
    }
    const P = normOnlyFeatures(setup.X, setup.y, n, d, U, setup.a, m, 1 / Math.sqrt(m));
    const plus = positiveMargin(P, n, m, { relTol: T6_CERTIFICATE });
    if (!plus.converged || !(plus.lower > 0)) return { pass: false, status: 'error', reason: `γ₊ not certified: [${plus.lower}, ${plus.upper}] after ${plus.iterations} iterations` };
    const svm = minNormHull(P, n, m);
    const target = lossExp === 0 ? Math.LN2 / n : 10 ** -lossExp;
    const run = async (eta: number) => toLoss(ctx.trainer, setup, eta, target, 200_000);
    const r = await faithful(run, T6_ETA_PER_D * d);
    if (isCheck(r)) return r;
    const kept = directionsKept(r.fine.W, setup.W0, m, d);
    if (!kept.ok) return { pass: false, status: 'error', reason: `trainer rotated a norm-only row: |1 − cos| = ${kept.worst.toExponential(2)}` };
    const ratio = r.fine.gammaBar / plus.upper;
    // CLAIMS T6: γ̄/γ₊ ≥ 0.85 (γ₊ certified within plus.gap; γ̄ ≤ γ₊ always).
    return {
      pass: ratio >= T6_RATIO,
      observables: {
        ratio, gammaPlus: plus.upper, gammaPlusGap: plus.gap, svmOverGammaPlus: svm.upper / plus.upper, zeroFraction: kept.zeros / m,
        steps: r.fine.steps, halving: r.change,
      },
    };
  },
  plot: { x: 'lossExp', series: 'd', threshold: { value: 6, label: 'loss 1e−6' } },
  reference(params) {
    const e = t6Target(params);
    if (params.d !== 8) return undefined;
    if (e === 6) return { ratio: 0.93 };
    if (e === 20) return { ratio: 0.98 };
    return undefined;
  },
  notes: [
    'lossExp = e: γ̄ read at the first step with loss < 10^−e; e = 0: at the first fit, loss < ln 2/n. The large ladder traces the convergence curve (e = 0, 2, 4, 6, 10, 20).',
    `Gradient flow with base step η = ${T6_ETA_PER_D}·d (256 at d = 8; checked at 2η like every run): the norm-only features are small (‖φ₊‖² ≈ 1/(2d)) and γ₊ ≈ 0.01, so η = 4 would need ~10⁵ steps.`,
    'γ₊: Frank–Wolfe (pairwise, exact line search) on min_λ ‖(Σ λ_i y_i φ₊(x_i))₊‖, certified to gammaPlusGap; svmOverGammaPlus: the unconstrained SVM margin of the same features over γ₊ (CLAIMS: 1.5–2.8×, not reachable by norm-only training).',
    'Calibration (CLAIMS T6, numpy, d = 8, n = 64, m = 256): 1.00 at loss < 1e−6 (median 0.93, 0.98 at 1e−20; also 1.00 at d = 12); 0.00 at the first fit; 41–48% of r_j end at 0.',
  ],
};

export const lowRotationClaims: Claim<any>[] = [marginsGrow, ntkMarginConstant, lowTestError, weightsMoveLittle, neuralCollapse, normOnlyMaxMargin];
