// The reference trainer: full-batch GD, minibatch SGD without replacement, GD with Armijo backtracking,
// and one-pass (online, optionally displaced) SGD, on the two-layer network of src/model. Buffers are lent once per request; the step
// loops allocate nothing.
import { ACTIVATIONS, ALGORITHM_KINDS, CONSTRAINT_KINDS, LOSS_KINDS, OUTPUT_SCALINGS, REDUCTIONS } from '../../contract/values';
import { acquireWorkspace, architecture, gradientFromForward, lossAndGradient, lossAt, releaseWorkspace, type Architecture, type Workspace } from '../model/network';
import { stream } from '../rng/stream';
import { createSampler, gatherRows, nextBatch } from './batches';
import { normalizeRows, normStep, polarRows } from './constraints';
import { createMonitor, type Monitor } from './monitor';
import { runOnline } from './online';
import type { Params, Update } from './params';
import { createProbe } from './probe';
import type { LossSpec, TrainRequest, TrainResult, Trainer } from '../../contract/trainer';
import { parseTrainRequest } from '../../contract/schema';

/** Sufficient-decrease constant of the Armijo test. */
const ARMIJO_C = 1e-4;
/** Halvings tried per backtracking step before the run counts as stalled. */
const MAX_HALVINGS = 100;
/** The backtracking step never grows past lr · 2^100, so doubling cannot overflow to Infinity. */
const MAX_GROWTH = 2 ** 100;

interface Run {
  request: TrainRequest;
  net: Architecture;
  loss: LossSpec;
  monitor: Monitor;
  update: Update;
  /** A workspace for this request, given back when the request ends. */
  workspace: typeof acquireWorkspace;
}

function makeUpdate(request: TrainRequest, U: Float64Array): Update {
  const { trainFirst, trainSecond, m, d } = request.network;
  const constraint = request.constraint;
  const md = m * d;
  const normOnly = constraint?.kind === 'norm-only';
  const rowNorm = constraint?.kind === 'unit-rows' ? (constraint.norm ?? 1) : 0;
  return (eta, from, to, gW, ga) => {
    if (trainFirst) {
      if (normOnly) {
        normStep(U, from.r, gW, eta, m, d, to.r, to.W);
      } else {
        const W = from.W;
        const Wt = to.W;
        for (let k = 0; k < md; k++) Wt[k] = W[k] - eta * gW[k];
        if (rowNorm > 0) normalizeRows(Wt, m, d, rowNorm);
      }
    }
    if (trainSecond) {
      const a = from.a;
      const at = to.a;
      for (let j = 0; j < m; j++) at[j] = a[j] - eta * ga[j];
    }
  };
}

/** Full-batch GD with a constant step. Returns the number of updates taken. */
function runGd(run: Run, p: Params): number {
  const { request, net, loss, monitor, update } = run;
  const { X, y, n } = request.data;
  const { trainFirst, trainSecond } = request.network;
  const { lr, steps } = request.algorithm;
  const ws = run.workspace(n, net.d, net.m);
  for (let t = 0; ; t++) {
    // The loss before update t comes with the forward pass of its gradient; the last one needs no gradient.
    const L = t < steps ? lossAndGradient(net, loss, p.W, p.a, X, y, n, ws, trainFirst, trainSecond) : lossAt(net, loss, p.W, p.a, X, y, n, ws);
    if (monitor.observe(t, L)) return t;
    update(lr, p, p, ws.gW, ws.ga);
  }
}

/** Minibatch SGD without replacement, reshuffled every pass; the full training loss is monitored. */
function runSgd(run: Run, p: Params): number {
  const { request, net, loss, monitor, update } = run;
  const { X, y, n } = request.data;
  const { trainFirst, trainSecond, d, m } = request.network;
  const { lr, steps, stopAtLoss } = request.algorithm;
  const b = request.algorithm.batchSize as number;
  // A batch of all n samples is the full batch whatever its order: the same run as GD.
  if (b === n) return runGd(run, p);
  const every = request.algorithm.traceEvery ?? 1;
  const watch = stopAtLoss !== undefined;
  const wsFull = run.workspace(n, d, m, { gradients: false });
  const ws = run.workspace(b, d, m);
  const Xb = new Float64Array(b * d);
  const yb = new Float64Array(b);
  const sampler = createSampler(n);
  const rng = stream(request.seed);
  for (let t = 0; ; t++) {
    if (watch || t % every === 0 || t === steps) {
      if (monitor.observe(t, lossAt(net, loss, p.W, p.a, X, y, n, wsFull))) return t;
    }
    const start = nextBatch(sampler, b, rng);
    const nb = Math.min(b, n - start);
    gatherRows(X, y, d, sampler.order, start, nb, Xb, yb);
    const Lb = lossAndGradient(net, loss, p.W, p.a, Xb, yb, nb, ws, trainFirst, trainSecond);
    // A non-finite batch loss makes the full loss (a sum containing the same terms) non-finite too.
    if (!Number.isFinite(Lb) && monitor.observe(t, lossAt(net, loss, p.W, p.a, X, y, n, wsFull))) return t;
    update(lr, p, p, ws.gW, ws.ga);
  }
}

/** Squared distance between the trained parts of two parameter sets. */
function distance2(p: Params, q: Params, trainFirst: boolean, trainSecond: boolean): number {
  let s = 0;
  if (trainFirst) {
    const A = p.W;
    const B = q.W;
    for (let k = 0; k < A.length; k++) {
      const e = A[k] - B[k];
      s += e * e;
    }
  }
  if (trainSecond) {
    const A = p.a;
    const B = q.a;
    for (let k = 0; k < A.length; k++) {
      const e = A[k] - B[k];
      s += e * e;
    }
  }
  return s;
}

/**
 * Full-batch GD with Armijo backtracking: try η, halve until L(θ') ≤ L(θ) − c‖θ − θ'‖²/η (unconstrained
 * θ' = θ − η∇L, this is the usual L − cη‖∇L‖²; with a constraint θ' is the projected point, which keeps
 * the test satisfiable when the gradient points off the constraint set), then start the next step at 2η.
 * Stops early (stalled) when no halving decreases the loss, e.g. at the floating-point floor.
 * Returns the number of accepted updates and the final parameters.
 */
function runBacktracking(run: Run, p: Params): { t: number; p: Params } {
  const { request, net, loss, monitor, update } = run;
  const { X, y, n } = request.data;
  const { trainFirst, trainSecond } = request.network;
  const { lr } = request.algorithm;
  const ws = run.workspace(n, net.d, net.m);
  let cur = p;
  let trial: Params = { W: p.W.slice(), a: p.a.slice(), r: p.r.slice() };
  let eta = lr;
  let L = lossAndGradient(net, loss, cur.W, cur.a, X, y, n, ws, trainFirst, trainSecond);
  let t = 0;
  while (!monitor.observe(t, L)) {
    let accepted = false;
    for (let h = 0; h <= MAX_HALVINGS; h++) {
      update(eta, cur, trial, ws.gW, ws.ga);
      const D2 = distance2(cur, trial, trainFirst, trainSecond);
      // No representable move: a stationary point, or η too small to change any weight.
      if (D2 === 0) break;
      // lossAt overwrites only the forward state; ws.gW and ws.ga still hold the gradient at cur.
      const Lt = lossAt(net, loss, trial.W, trial.a, X, y, n, ws);
      if (Lt <= L - (ARMIJO_C * D2) / eta) {
        accepted = true;
        break;
      }
      eta *= 0.5;
    }
    if (!accepted) break;
    const swap = cur;
    cur = trial;
    trial = swap;
    // The workspace holds the forward pass at the accepted point: only the backward pass is left.
    L = gradientFromForward(net, loss, cur.a, X, y, n, ws, trainFirst, trainSecond);
    t++;
    eta = Math.min(2 * eta, lr * MAX_GROWTH);
  }
  monitor.finish(t, L);
  return { t, p: cur };
}

/** Trains the request's network and returns the final weights, the steps taken and the loss trace. */
export function trainReference(request: TrainRequest): TrainResult {
  parseTrainRequest(request);
  const { network } = request;
  const { m, d } = network;
  // Copies: the request's arrays are never written.
  const p: Params = { W: network.W.slice(), a: network.a.slice(), r: new Float64Array(m) };
  const { constraint } = request;
  const normOnly = constraint?.kind === 'norm-only';
  const U = new Float64Array(normOnly ? m * d : 0);
  if (normOnly) polarRows(p.W, m, d, U, p.r);
  // Training starts on the constraint set: a first step from off the sphere would mix the projection
  // jump into the first update (and no Armijo step could be accepted if that jump raises the loss).
  if (constraint?.kind === 'unit-rows' && network.trainFirst) normalizeRows(p.W, m, d, constraint.norm ?? 1);
  // Workspaces are lent for the request and given back at its end: the result holds none of their views.
  const leased: Workspace[] = [];
  const run: Run = {
    workspace(n, wd, wm, options) {
      const ws = acquireWorkspace(n, wd, wm, options);
      leased.push(ws);
      return ws;
    },
    request,
    net: architecture(network),
    loss: request.loss,
    // One-batch losses of online SGD swing over orders of magnitude: only a non-finite loss is divergence there.
    monitor: createMonitor(request.algorithm, { growthTest: request.algorithm.kind !== 'online' }),
    update: makeUpdate(request, U),
  };
  const every = request.algorithm.traceEvery ?? 1;
  const probe = request.probe ? createProbe(request.probe, m, d, Math.floor(request.algorithm.steps / every) + 2) : undefined;
  let steps: number;
  let final = p;
  try {
    switch (request.algorithm.kind) {
      case 'gd':
        steps = runGd(run, p);
        break;
      case 'sgd':
        steps = runSgd(run, p);
        break;
      case 'gd-backtracking': {
        const out = runBacktracking(run, p);
        steps = out.t;
        final = out.p;
        break;
      }
      case 'online':
        steps = runOnline(request, run.net, run.monitor, run.update, p, probe, run.workspace);
        break;
    }
  } finally {
    for (const ws of leased) releaseWorkspace(ws);
  }
  const result: TrainResult = { W: final.W, a: final.a, steps, trace: run.monitor.trace() };
  if (probe) result.trace.overlap = probe.trace();
  const diverged = run.monitor.diverged();
  if (diverged) result.diverged = diverged;
  return result;
}

function known<T>(allowed: readonly T[], value: unknown): boolean {
  return (allowed as readonly unknown[]).includes(value);
}

/** Every algorithm, activation, scaling, loss and constraint the types name; probe and displacement with online only. */
export function supportsReference(request: TrainRequest): boolean {
  const { network, loss, algorithm, constraint } = request ?? ({} as Partial<TrainRequest>);
  return (
    known(ALGORITHM_KINDS, algorithm?.kind) &&
    known(ACTIVATIONS, network?.activation) &&
    known(OUTPUT_SCALINGS, network?.outputScaling) &&
    known(LOSS_KINDS, loss?.kind) &&
    (loss?.reduction === undefined || known(REDUCTIONS, loss.reduction)) &&
    (constraint === undefined || known(CONSTRAINT_KINDS, constraint?.kind)) &&
    (algorithm.kind === 'online' || (request.probe === undefined && algorithm.displacement === undefined))
  );
}

export const referenceTrainer: Trainer = {
  name: 'reference',
  supports: supportsReference,
  train: trainReference,
};
