import { describe, expect, it } from 'vitest';
import { arenaOf } from '../../../src/core/linalg/wasm/arena';
import { architecture, predict } from '../../../src/core/model/network';
import { acquireWorkspace, createWorkspace, pooledWorkspaceBytes, releaseWorkspace, type Workspace } from '../../../src/core/model/workspaces';
import { stream } from '../../../src/core/rng/stream';
import { trainReference } from '../../../src/core/train/reference';

const views = (ws: Workspace) => [ws.Z, ws.S, ws.f, ws.r, ws.gW, ws.ga];

describe('acquireWorkspace', () => {
  it('hands a released workspace out again, zero-filled as a new one', () => {
    const ws = acquireWorkspace(64, 8, 128);
    for (const v of views(ws)) v.fill(3);
    releaseWorkspace(ws);
    const again = acquireWorkspace(64, 8, 128);
    expect(again).toBe(ws);
    for (const v of views(again)) expect(v.every((x) => x === 0)).toBe(true);
    releaseWorkspace(again);
  });

  it('never lends one workspace twice at once', () => {
    const a = acquireWorkspace(32, 4, 160);
    const b = acquireWorkspace(32, 4, 160);
    expect(b).not.toBe(a);
    releaseWorkspace(a);
    releaseWorkspace(a);
    const c = acquireWorkspace(32, 4, 160);
    const d = acquireWorkspace(32, 4, 160);
    expect(c).toBe(a);
    expect(d).not.toBe(a);
    for (const ws of [b, c, d]) releaseWorkspace(ws);
  });

  it('keeps shapes apart, forward-only ones included', () => {
    const full = acquireWorkspace(48, 6, 100);
    releaseWorkspace(full);
    const forwardOnly = acquireWorkspace(48, 6, 100, { gradients: false });
    expect(forwardOnly).not.toBe(full);
    expect(forwardOnly.S).toBe(forwardOnly.Z);
    expect(forwardOnly.gW.length).toBe(0);
    releaseWorkspace(forwardOnly);
  });

  it('ignores workspaces it did not lend, and bounds what it keeps', () => {
    const before = pooledWorkspaceBytes();
    releaseWorkspace(createWorkspace(16, 4, 300));
    expect(pooledWorkspaceBytes()).toBe(before);
    // 20 shapes of 8 MiB each: far past the bound, and the oldest are dropped.
    const big = Array.from({ length: 20 }, (_, i) => acquireWorkspace(2048 + i, 4, 256));
    for (const ws of big) releaseWorkspace(ws);
    expect(pooledWorkspaceBytes()).toBeLessThanOrEqual(256 * 2 ** 20);
    expect(pooledWorkspaceBytes()).toBeGreaterThan(0);
  });

  it('lives in a kernel arena when large enough, as createWorkspace does', () => {
    const ws = acquireWorkspace(256, 8, 64);
    expect(arenaOf(ws.Z) !== undefined).toBe(arenaOf(createWorkspace(256, 8, 64).Z) !== undefined);
    releaseWorkspace(ws);
  });
});

describe('reused workspaces in training and prediction', () => {
  const s = stream('workspaces');
  const n = 96;
  const d = 6;
  const m = 80;
  const X = s.normals(n * d);
  const y = s.normals(n);
  const W = s.normals(m * d);
  const a = s.normals(m, 1 / Math.sqrt(m));
  const request = {
    network: { activation: 'relu' as const, d, m, outputScaling: 'none' as const, trainFirst: true, trainSecond: true, W, a },
    data: { n, X, y },
    loss: { kind: 'square' as const, reduction: 'mean' as const },
    algorithm: { kind: 'gd' as const, lr: 0.05, steps: 30 },
    seed: 1,
  };

  it('a train call gives the same bits as the first, after others of the same shape', () => {
    const first = trainReference(request);
    for (let i = 0; i < 3; i++) trainReference({ ...request, algorithm: { ...request.algorithm, lr: 0.01 * (i + 1) } });
    const again = trainReference(request);
    expect(Array.from(again.W)).toEqual(Array.from(first.W));
    expect(Array.from(again.a)).toEqual(Array.from(first.a));
    expect(again.trace.loss).toEqual(first.trace.loss);
  });

  it('predict returns its own array, which later calls leave alone', () => {
    const net = architecture(request.network);
    const f1 = predict(net, W, a, X, n);
    const kept = Array.from(f1);
    predict(net, W.map((w) => -w), a, X, n);
    trainReference(request);
    expect(Array.from(f1)).toEqual(kept);
    expect(arenaOf(f1)).toBeUndefined();
  });
});
