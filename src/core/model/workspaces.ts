// Workspaces lent out for one computation and taken back after it, so that a trial's thousands of train calls
// on one shape reuse a few workspaces. A fresh workspace on the WebAssembly backend is a new WebAssembly.Memory,
// and V8 answers every few dozen new memories with a full garbage collection (measured on the default run:
// 14 600 memories, about one mark-compact per 80 ms of trial time, its marking on helper threads that compete
// with the other worker for the two cores).
import { kernelBuffers } from '../linalg/gemm';

/** Buffers for batches of up to `capacity` samples. */
export interface Workspace {
  readonly capacity: number;
  readonly d: number;
  readonly m: number;
  /** n x m: pre-activations after forward; overwritten by backward. */
  readonly Z: Float64Array;
  /** n x m: σ(Z). The same buffer as Z in a forward-only workspace. */
  readonly S: Float64Array;
  /** n outputs. */
  readonly f: Float64Array;
  /** n: ∂L/∂f. */
  readonly r: Float64Array;
  /** m x d: ∂L/∂W. */
  readonly gW: Float64Array;
  /** m: ∂L/∂a. */
  readonly ga: Float64Array;
  /**
   * With options.resident: room for the weights and a batch in the same arena, so that products on them copy
   * nothing (single-sample SGD's W·x reads W once: staged, the copy would cost as much as the product).
   */
  readonly resident?: Resident;
}

/** Weights W (m x d), a (m) and a batch X (capacity x d), y (capacity). */
interface Resident {
  readonly W: Float64Array;
  readonly a: Float64Array;
  readonly X: Float64Array;
  readonly y: Float64Array;
}

export interface WorkspaceOptions {
  /** Gradient buffers (default true). */
  gradients?: boolean;
  /** Room for the weights and a batch (default false). */
  resident?: boolean;
}

/**
 * Buffers for batches of up to n samples. A forward-only workspace (gradients: false) keeps a single
 * n x m buffer, σ applied in place, and no gradient buffers: it serves loss evaluation on large data.
 */
export function createWorkspace(n: number, d: number, m: number, options: WorkspaceOptions = {}): Workspace {
  const gradients = options.gradients ?? true;
  const resident = options.resident ?? false;
  // One kernel arena for all of them, with staging for the operands that come from outside: X (n x d), W (m x d), a.
  const [Z, S, f, r, gW, ga, W, a, X, y] = kernelBuffers(
    [n * m, gradients ? n * m : 0, n, gradients ? n : 0, gradients ? m * d : 0, gradients ? m : 0, ...(resident ? [m * d, m, n * d, n] : [])],
    n * d + m * d + m,
  );
  return { capacity: n, d, m, Z, S: gradients ? S : Z, f, r, gW, ga, ...(resident ? { resident: { W, a, X, y } } : {}) };
}

/** Workspaces kept for reuse, by shape; the oldest shapes go first beyond MAX_POOLED_BYTES. */
const free = new Map<string, Workspace[]>();
/** What the pool knows of each workspace it made: its shape key, its distinct buffers and their bytes. */
const made = new WeakMap<Workspace, { key: string; views: Float64Array[]; bytes: number }>();
let pooledBytes = 0;
/** At most this many idle workspaces of one shape (one per computation in progress is the usual need). */
const PER_SHAPE = 2;
/** Idle workspaces held in all: a large-ladder workspace (n = 4096, m = 1024) is 64 MiB. */
const MAX_POOLED_BYTES = 256 * 2 ** 20;

const bytesOf = (ws: Workspace) => made.get(ws)?.bytes ?? 0;

/** A zero-filled workspace as createWorkspace makes, reused when one of its shape was released. */
export function acquireWorkspace(n: number, d: number, m: number, options: WorkspaceOptions = {}): Workspace {
  const key = `${n}|${d}|${m}|${options.gradients ?? true}|${options.resident ?? false}`;
  const idle = free.get(key);
  const ws = idle?.pop();
  if (ws) {
    if (idle?.length === 0) free.delete(key);
    pooledBytes -= bytesOf(ws);
    for (const v of made.get(ws)?.views ?? []) v.fill(0);
    return ws;
  }
  const fresh = createWorkspace(n, d, m, options);
  // S is Z in a forward-only workspace: each buffer once.
  const held = fresh.resident;
  const views = [...new Set([fresh.Z, fresh.S, fresh.f, fresh.r, fresh.gW, fresh.ga, ...(held ? [held.W, held.a, held.X, held.y] : [])])];
  made.set(fresh, { key, views, bytes: views.reduce((sum, v) => sum + v.byteLength, 0) });
  return fresh;
}

/**
 * Takes back a workspace from acquireWorkspace: the caller must hold no view of it any more (copy results out
 * first). Others are ignored.
 */
export function releaseWorkspace(ws: Workspace): void {
  const key = made.get(ws)?.key;
  if (key === undefined) return;
  const idle = free.get(key) ?? [];
  if (idle.includes(ws) || idle.length >= PER_SHAPE) return;
  const bytes = bytesOf(ws);
  if (bytes > MAX_POOLED_BYTES) return;
  // Taken out and re-inserted last: the shape just used is the newest, and the last to be dropped.
  free.delete(key);
  for (const [oldest, list] of free) {
    if (pooledBytes + bytes <= MAX_POOLED_BYTES) break;
    for (const w of list) pooledBytes -= bytesOf(w);
    free.delete(oldest);
  }
  idle.push(ws);
  free.set(key, idle);
  pooledBytes += bytes;
}

/** Bytes held by idle workspaces (tests). */
export function pooledWorkspaceBytes(): number {
  return pooledBytes;
}
