// WebAssembly memories for the kernels. An arena is one fixed-size memory with its own kernel instance: the
// kernels' scratch, buffers handed out as Float64Array views (a training workspace lives here, so its large
// products are neither copied in nor out), and a staging region where operands from ordinary arrays are
// copied for a call. An arena's memory never grows: growing would detach the views it has handed out.
// Arenas are found from a view by its buffer and freed by the garbage collector with their views.
import { kernelModule, type KernelExports } from './loader';

const PAGE = 65536;
/** Views and staged operands start on 16-byte boundaries, the width of a SIMD load. */
const ALIGN = 16;
/** A 32-bit memory holds at most 65536 pages; stay a page short of the limit. */
const MAX_BYTES = 65535 * PAGE;

export interface Arena {
  readonly memory: WebAssembly.Memory;
  /** The whole memory as doubles (valid for the arena's life: the memory never grows). */
  readonly f64: Float64Array;
  readonly kernels: KernelExports;
  /** Byte offset of the kernels' scratch. */
  readonly scratch: number;
  /** Byte offset and size of the staging region. */
  readonly staging: number;
  readonly stagingBytes: number;
}

const arenas = new WeakMap<ArrayBufferLike, Arena>();

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/** Bytes an arena with these buffers and this staging needs, or Infinity when no memory can hold it. */
function arenaBytes(lengths: readonly number[], stagingDoubles: number): number {
  // Staging: each of up to three operands of a call is rounded up to ALIGN.
  const total = align(scratchSize()) + lengths.reduce((s, len) => s + align(len * 8), 0) + align(stagingDoubles * 8) + 3 * ALIGN;
  return total <= MAX_BYTES ? total : Infinity;
}

let scratchCache = 0;
function scratchSize(): number {
  if (scratchCache === 0) {
    const module = kernelModule();
    if (!module) return 0;
    const probe = new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 0 }) } });
    scratchCache = (probe.exports as unknown as KernelExports).scratchBytes();
  }
  return scratchCache;
}

/**
 * A new arena holding one view per length (zero-filled, in order) and `stagingDoubles` of staging; undefined
 * when WebAssembly is off or the memory would exceed 4 GiB.
 */
export function createArena(lengths: readonly number[], stagingDoubles: number): { arena: Arena; views: Float64Array[] } | undefined {
  const module = kernelModule();
  if (!module) return undefined;
  const bytes = arenaBytes(lengths, stagingDoubles);
  if (!Number.isFinite(bytes)) return undefined;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  let at = 0;
  const scratch = at;
  at += align(scratchSize());
  const views = lengths.map((len) => {
    const view = new Float64Array(memory.buffer, at, len);
    at += align(len * 8);
    return view;
  });
  const arena: Arena = {
    memory,
    f64: new Float64Array(memory.buffer),
    kernels,
    scratch,
    staging: at,
    stagingBytes: memory.buffer.byteLength - at,
  };
  arenas.set(memory.buffer, arena);
  return { arena, views };
}

/** The arena a view lives in, if any. */
export function arenaOf(x: Float64Array): Arena | undefined {
  return arenas.get(x.buffer);
}

let shared: Arena | undefined;

/** An arena whose staging holds at least `doubles`, for operands that live in no arena; replaced when too small. */
export function stagingArena(doubles: number): Arena | undefined {
  if (shared && shared.stagingBytes >= doubles * 8) return shared;
  // Grow geometrically so a sequence of growing calls makes few memories.
  const want = Math.max(doubles, 2 * (shared ? shared.stagingBytes / 8 : 1 << 16));
  const made = createArena([], want) ?? createArena([], doubles);
  if (!made) return undefined;
  shared = made.arena;
  return shared;
}

/** Bytes an operand of `len` doubles takes in staging. */
export function stagedBytes(len: number): number {
  return align(len * 8);
}
