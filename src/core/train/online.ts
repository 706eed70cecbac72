// One-pass (online) SGD and its displaced variant. Update t takes the t-th block of b consecutive samples of
// the request's data, so each sample is used once and the run needs no randomness of its own (the data are
// already i.i.d.). Displaced SGD (Arnaboldi et al. 2024, "Repetita iuvant") uses each batch twice:
// θ̃ = θ − ρ∇L_B(θ), then θ ← θ − η∇L_B(θ̃); the constraint projects the update, not θ̃.
import { lossAndGradient, lossAt, type acquireWorkspace, type Architecture } from '../model/network';
import type { Monitor } from './monitor';
import type { Probe } from './probe';
import type { Params, Update } from './params';
import type { TrainRequest } from '../../contract/trainer';

/** Copies samples [start, start + b) of X (· x d) and y into Xb, yb: the gemm kernels read from index 0. */
function copyBlock(X: Float64Array, y: Float64Array, d: number, start: number, b: number, Xb: Float64Array, yb: Float64Array): void {
  const o = start * d;
  const len = b * d;
  for (let k = 0; k < len; k++) Xb[k] = X[o + k];
  for (let i = 0; i < b; i++) yb[i] = y[start + i];
}

/** to = from − ρ·g on the trained layers (no constraint): the displaced point θ̃. */
function displace(rho: number, from: Params, to: Params, gW: Float64Array, ga: Float64Array, trainFirst: boolean, trainSecond: boolean): void {
  if (trainFirst) for (let k = 0; k < gW.length; k++) to.W[k] = from.W[k] - rho * gW[k];
  if (trainSecond) for (let j = 0; j < ga.length; j++) to.a[j] = from.a[j] - rho * ga[j];
}

/**
 * Runs online SGD on p in place. The monitor sees the loss of batch t before update t (the last batch at the
 * final weights for t = steps); the probe, when given, is measured before every update and stops the run at
 * the first crossing. Returns the number of updates taken.
 */
export function runOnline(
  request: TrainRequest, net: Architecture, monitor: Monitor, update: Update, p: Params, probe: Probe | undefined, workspace: typeof acquireWorkspace,
): number {
  const { X, y } = request.data;
  const { trainFirst, trainSecond, d, m } = request.network;
  const { lr, steps } = request.algorithm;
  const b = request.algorithm.batchSize as number;
  const rho = request.algorithm.displacement ?? 0;
  const every = request.algorithm.traceEvery ?? 1;
  const loss = request.loss;
  // The weights and the batch live in the workspace's arena for the run, copied back to p at its end.
  const ws = workspace(b, d, m, { resident: true });
  const resident = ws.resident;
  if (!resident) throw new Error('runOnline: the workspace has no room for the weights');
  const { X: Xb, y: yb } = resident;
  resident.W.set(p.W);
  resident.a.set(p.a);
  const q: Params = { W: resident.W, a: resident.a, r: p.r };
  // θ̃ keeps the frozen layers of θ: copy them once; displace() rewrites the trained ones every step.
  const shifted: Params | undefined = rho > 0 ? { W: p.W.slice(), a: p.a.slice(), r: p.r } : undefined;
  for (let t = 0; ; t++) {
    const crossed = probe ? probe.measure(q.W) : false;
    copyBlock(X, y, d, (t < steps ? t : Math.max(steps - 1, 0)) * b, b, Xb, yb);
    const last = t >= steps || crossed;
    const L = last ? lossAt(net, loss, q.W, q.a, Xb, yb, b, ws) : lossAndGradient(net, loss, q.W, q.a, Xb, yb, b, ws, trainFirst, trainSecond);
    let stop = monitor.observe(t, L);
    if (crossed && !stop) {
      monitor.finish(t, L);
      stop = true;
    }
    if (probe && (stop || t % every === 0)) probe.record(t);
    if (stop) {
      p.W.set(q.W);
      p.a.set(q.a);
      return t;
    }
    if (shifted) {
      displace(rho, q, shifted, ws.gW, ws.ga, trainFirst, trainSecond);
      lossAndGradient(net, loss, shifted.W, shifted.a, Xb, yb, b, ws, trainFirst, trainSecond);
    }
    update(lr, q, q, ws.gW, ws.ga);
  }
}
