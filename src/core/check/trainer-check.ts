// The did-it-train check, run before the claims: a handful of small standard problems, one per kind of request
// the claims make (full-batch GD on either layer, minibatch SGD, one-pass SGD plain and displaced, backtracking
// GD, the logistic loss, the unit-rows and norm-only constraints, the quadratic network). On each the trainer must
//   - lower the loss (read off its returned weights, on the whole data) at least to where the reference trainer
//     is after half the requested steps: a trainer that does not train, trains a little (lr × 1e−12), stops
//     early, or returns other weights is told so in seconds instead of after every claim ran to its step limit;
//   - move each layer the request trains by at least half as far as the reference moves it, and leave each
//     layer the request freezes as it was, up to one rounding (a trainer updating the wrong layer).
// The yardsticks come from the reference trainer on the same request, so the margins are the problem's own.
import { architecture, acquireWorkspace, lossAt, predict, releaseWorkspace } from '../model/network';
import { stream, type Stream } from '../rng/stream';
import { referenceTrainer } from '../train/reference';
import type { TrainerCheck, TrainerProbe } from '../../contract/report';
import type { TrainRequest, TrainResult, Trainer } from '../../contract/trainer';
import { guardTrainer } from './guard';
import { errorMessage } from './trial';

/** Sizes of the standard problems: small enough that every probe takes milliseconds on the reference trainer. */
const D = 8;
const M = 16;
const N = 64;
const STEPS = 40;

interface Problem {
  name: string;
  request: TrainRequest;
}

/** Rows of a Gaussian m x d matrix with entries of variance v. */
function gaussian(s: Stream, rows: number, cols: number, variance: number): Float64Array {
  const g = s.normals(rows * cols);
  const scale = Math.sqrt(variance);
  for (let k = 0; k < g.length; k++) g[k] *= scale;
  return g;
}

function unitRows(W: Float64Array, m: number, d: number): Float64Array {
  const out = W.slice();
  for (let j = 0; j < m; j++) {
    let norm = 0;
    for (let q = 0; q < d; q++) norm += out[j * d + q] ** 2;
    const inv = 1 / Math.sqrt(norm);
    for (let q = 0; q < d; q++) out[j * d + q] *= inv;
  }
  return out;
}

/**
 * The standard problems. Each is a teacher close to the student's initial weights (W* = W0 + ½·G/√d, a* = a0 +
 * ½·g), so the loss at W0 is well above zero, the loss at fresh random weights is higher still, and GD makes
 * steady progress over all the requested steps (one step of the reference removes a few percent of what forty do).
 */
export function trainerProbes(): Problem[] {
  const s = stream('theorycheck trainer check');
  const X = s.child('X').normals(N * D);
  const W0 = gaussian(s.child('W0'), M, D, 1 / D);
  const a0 = s.child('a0').normals(M).map((v) => (v < 0 ? -1 : 1));
  const G = gaussian(s.child('G'), M, D, 1 / D);
  const g = s.child('g').normals(M);
  const Wstar = W0.map((w, k) => w + 0.5 * G[k]);
  const astar = a0.map((v, j) => v + 0.5 * g[j]);
  const reluLabels = (W: Float64Array) => predict(architecture({ activation: 'relu', d: D, m: M, outputScaling: 'inv-sqrt-m' }), W, astar, X, N);
  const y = reluLabels(Wstar);
  const relu = { activation: 'relu', d: D, m: M, outputScaling: 'inv-sqrt-m', trainFirst: true, trainSecond: false, W: W0, a: a0 } as const;
  const request = (over: Partial<TrainRequest> & Pick<TrainRequest, 'algorithm'>): TrainRequest => ({
    network: relu,
    data: { n: N, X, y },
    loss: { kind: 'square', reduction: 'mean' },
    seed: 1,
    ...over,
  });
  const gd = { kind: 'gd', lr: 0.25, steps: STEPS } as const;
  const online = { kind: 'online', lr: 0.125, steps: N, batchSize: 1 } as const;
  const quadratic = { activation: 'quadratic', d: D, m: M, outputScaling: 'none', trainFirst: true, trainSecond: false, W: W0, a: new Float64Array(M).fill(1) } as const;
  return [
    { name: 'gd, first layer', request: request({ algorithm: gd }) },
    { name: 'gd, second layer', request: request({ algorithm: gd, network: { ...relu, trainFirst: false, trainSecond: true } }) },
    { name: 'sgd, batch 8', request: request({ algorithm: { kind: 'sgd', lr: 0.25, steps: STEPS, batchSize: 8 } }) },
    { name: 'gd-backtracking', request: request({ algorithm: { kind: 'gd-backtracking', lr: 0.1, steps: STEPS } }) },
    { name: 'online, batch 1', request: request({ algorithm: online }) },
    { name: 'online, displaced', request: request({ algorithm: { ...online, displacement: 0.125 } }) },
    {
      name: 'online, unit rows',
      request: request({ algorithm: online, constraint: { kind: 'unit-rows' }, network: { ...relu, W: unitRows(W0, M, D) }, data: { n: N, X, y: reluLabels(unitRows(Wstar, M, D)) } }),
    },
    { name: 'gd, logistic', request: request({ algorithm: { ...gd, lr: 4 }, loss: { kind: 'logistic', reduction: 'mean' }, data: { n: N, X, y: y.map((v) => (v < 0 ? -1 : 1)) } }) },
    { name: 'gd, norm-only', request: request({ algorithm: { ...gd, lr: 1 }, constraint: { kind: 'norm-only' } }) },
    { name: 'gd, quadratic', request: request({ algorithm: { ...gd, lr: 0.002 }, network: quadratic, data: { n: N, X, y: predict(architecture(quadratic), Wstar, quadratic.a, X, N) } }) },
  ];
}

function lossOf(request: TrainRequest, W: Float64Array, a: Float64Array): number {
  const { network, data } = request;
  const net = architecture(network);
  const ws = acquireWorkspace(data.n, network.d, network.m, { gradients: false });
  const L = lossAt(net, request.loss, W, a, data.X, data.y, data.n, ws);
  releaseWorkspace(ws);
  return L;
}

function distance(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += (x[k] - y[k]) ** 2;
  return Math.sqrt(s);
}

/** max |x − y| over max |y|: 0 for an untouched layer, one rounding (ε) at most for a copy through arithmetic. */
function relativeChange(x: Float64Array, y: Float64Array): number {
  let change = 0;
  let size = 0;
  for (let k = 0; k < y.length; k++) {
    change = Math.max(change, Math.abs(x[k] - y[k]));
    size = Math.max(size, Math.abs(y[k]));
  }
  return size > 0 ? change / size : change;
}

const fmt = (x: number) => x.toExponential(3);

/** Runs one probe: the trainer's result against the reference's on the same request. */
async function probe(trainer: Trainer, { name, request }: Problem): Promise<TrainerProbe> {
  const guarded = guardTrainer(trainer).trainer;
  let supported: boolean;
  try {
    supported = guarded.supports(request);
  } catch (err) {
    return { name, supported: true, pass: false, why: errorMessage(err) };
  }
  if (!supported) return { name, supported: false, pass: true };
  const reference = (await referenceTrainer.train(request)) as TrainResult;
  const half = (await referenceTrainer.train({ ...request, algorithm: { ...request.algorithm, steps: Math.ceil(request.algorithm.steps / 2) } })) as TrainResult;
  let result: TrainResult;
  try {
    result = await guarded.train(request);
  } catch (err) {
    return { name, supported: true, pass: false, why: errorMessage(err) };
  }
  const { W: W0, a: a0, trainFirst, trainSecond } = request.network;
  const loss = { initial: lossOf(request, W0, a0), trained: lossOf(request, result.W, result.a), referenceHalf: lossOf(request, half.W, half.a), reference: lossOf(request, reference.W, reference.a) };
  // The yardsticks must show progress, or the problem (not the trainer) is at fault.
  if (!(loss.reference < loss.referenceHalf && loss.referenceHalf < loss.initial)) {
    throw new Error(`trainer check ${name}: the reference trainer does not make steady progress (${fmt(loss.initial)} → ${fmt(loss.referenceHalf)} → ${fmt(loss.reference)})`);
  }
  const layers = { W: [result.W, W0, reference.W, trainFirst], a: [result.a, a0, reference.a, trainSecond] } as const;
  const moved: NonNullable<TrainerProbe['moved']> = {};
  const frozen: NonNullable<TrainerProbe['frozen']> = {};
  const problems: string[] = [];
  for (const [layer, [got, initial, ref, trained]] of Object.entries(layers)) {
    if (trained) {
      moved[layer] = { trained: distance(got, initial), reference: distance(ref, initial) };
      if (!(moved[layer].trained >= moved[layer].reference / 2)) {
        problems.push(`layer ${layer} moved ${fmt(moved[layer].trained)}, less than half of the reference's ${fmt(moved[layer].reference)}`);
      }
    } else {
      frozen[layer] = relativeChange(got, initial);
      if (frozen[layer] > Number.EPSILON) problems.push(`layer ${layer} is frozen by the request but changed by ${fmt(frozen[layer])} of its size`);
    }
  }
  if (!(loss.trained <= loss.referenceHalf)) {
    const steps = request.algorithm.steps;
    problems.unshift(`loss ${fmt(loss.initial)} → ${fmt(loss.trained)} over the ${steps} requested steps (the trainer reports ${result.steps}); the reference reaches ${fmt(loss.referenceHalf)} in ${Math.ceil(steps / 2)} and ${fmt(loss.reference)} in ${steps}`);
  }
  return { name, supported: true, pass: problems.length === 0, loss, moved, frozen, ...(problems.length ? { why: problems.join('; ') } : {}) };
}

/** Runs every probe on the trainer. */
export async function checkTrainer(trainer: Trainer): Promise<TrainerCheck> {
  const probes: TrainerProbe[] = [];
  for (const problem of trainerProbes()) probes.push(await probe(trainer, problem));
  const supported = probes.filter((p) => p.supported);
  return {
    trainer: trainer.name,
    pass: supported.length > 0 && supported.every((p) => p.pass),
    probes,
  };
}

/** One line per failed probe (or why nothing could be checked): what the terminal and the reports print. */
export function trainerCheckProblems(check: TrainerCheck): string[] {
  const supported = check.probes.filter((p) => p.supported);
  if (supported.length === 0) return [`trainer ${check.trainer} supports none of the standard requests: nothing it does could be checked`];
  return check.probes.filter((p) => p.supported && !p.pass).map((p) => `${p.name}: ${p.why}`);
}
