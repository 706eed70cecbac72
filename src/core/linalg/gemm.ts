// Row-major Float64Array products for the training loops: the kernel layer. Each writes its output in place.
// Products big enough to pay for a call run in WebAssembly SIMD (wasm/kernels.ts), the rest and every product
// on an engine without it in pure JS (gemm-js.ts); both sum each entry in the same order, so which one ran
// never changes a bit of the result. Operands that live in a kernel arena (see kernelBuffers) are used in
// place; others are copied into the arena's staging region, and an output outside any arena is copied back.
import { gemmStrided, gemvJs, gemvTJs } from './gemm-js';
import { arenaOf, createArena, stagedBytes, stagingArena, type Arena } from './wasm/arena';
import { kernelModule } from './wasm/loader';

;

export type KernelBackend = 'wasm' | 'js';

/**
 * Below this many multiply-adds a product stays in JS: the call and the copies cost more than they save
 * (measured by bench/run.ts: at 4 x 4 x 64 the WebAssembly call with staged operands breaks even).
 */
const WASM_MIN_WORK = 1024;
/** Arenas are made only for workspaces at least this large (doubles); smaller ones are plain arrays. */
export const ARENA_MIN_DOUBLES = 4096;

let forced: KernelBackend | undefined;

/** The backend products run on. */
export function kernelBackend(): KernelBackend {
  return forced ?? (kernelModule() ? 'wasm' : 'js');
}

/** Forces a backend (benchmarks and tests; forced WebAssembly takes even the smallest products); undefined restores the automatic choice. */
export function setKernelBackend(backend: KernelBackend | undefined): void {
  if (backend === 'wasm' && !kernelModule()) throw new Error('WebAssembly SIMD kernels are not available on this engine');
  forced = backend;
}

/** Whether a pass of this size runs in WebAssembly: always when forced, above `min` when automatic. */
export function wasmFor(size: number, min: number): boolean {
  return kernelBackend() === 'wasm' && (forced === 'wasm' || size >= min);
}

/**
 * Zero-filled buffers of the given lengths for a training workspace, with room to stage `stagingDoubles` of
 * operands from elsewhere (the data X and weights W). On the WebAssembly backend they share one arena, so the
 * products among them copy nothing; otherwise, or when small, they are ordinary Float64Arrays.
 */
export function kernelBuffers(lengths: readonly number[], stagingDoubles: number): Float64Array[] {
  const total = lengths.reduce((s, len) => s + len, 0);
  if (wasmFor(total, ARENA_MIN_DOUBLES)) {
    const made = createArena(lengths, stagingDoubles);
    if (made) return made.views;
  }
  return lengths.map((len) => new Float64Array(len));
}

// Staging cursor of the call in progress (byte offset into the arena).
let stageAt = 0;

function place(arena: Arena, x: Float64Array, len: number): number {
  if (x.buffer === arena.memory.buffer) return x.byteOffset;
  const at = stageAt;
  arena.f64.set(x.length === len ? x : x.subarray(0, len), at >> 3);
  stageAt += stagedBytes(len);
  return at;
}

function stagingNeed(arena: Arena, x: Float64Array, len: number): number {
  return x.buffer === arena.memory.buffer ? 0 : stagedBytes(len);
}

/** The arena a call runs in: the output's, else an input's, if its staging holds the rest; else the shared one. */
function arenaFor(x: Float64Array, lenX: number, y: Float64Array, lenY: number, out: Float64Array, lenOut: number): Arena | undefined {
  const home = arenaOf(out) ?? arenaOf(x) ?? arenaOf(y);
  if (home && stagingNeed(home, x, lenX) + stagingNeed(home, y, lenY) + stagingNeed(home, out, lenOut) <= home.stagingBytes) return home;
  return stagingArena((stagedBytes(lenX) + stagedBytes(lenY) + stagedBytes(lenOut)) / 8);
}

function copyOut(arena: Arena, at: number, out: Float64Array, len: number): void {
  if (out.buffer !== arena.memory.buffer) out.set(arena.f64.subarray(at >> 3, (at >> 3) + len));
}

/** C (m x n) = A·B, A(i, p) = A[i·rsA + p·csA] of lenA doubles, B(p, j) = B[p·rsB + j·csB] of lenB doubles. */
function product(
  m: number, n: number, k: number,
  A: Float64Array, rsA: number, csA: number, lenA: number,
  B: Float64Array, rsB: number, csB: number, lenB: number,
  C: Float64Array,
): Float64Array {
  const lenC = m * n;
  // A row or a column: a matrix-vector product (the same sums in the same order) wastes no tile lanes.
  if (m === 1 && csA === 1) return csB === 1 ? vector(true, k, n, B, A, C) : vector(false, n, k, B, A, C);
  if (n === 1 && rsB === 1) return csA === 1 ? vector(false, m, k, A, B, C) : vector(true, k, m, A, B, C);
  if (wasmFor(m * n * k, WASM_MIN_WORK)) {
    const arena = arenaFor(A, lenA, B, lenB, C, lenC);
    if (arena) {
      stageAt = arena.staging;
      const a = place(arena, A, lenA);
      const b = place(arena, B, lenB);
      const c = C.buffer === arena.memory.buffer ? C.byteOffset : stageAt;
      arena.kernels.gemm(m, n, k, a, rsA, csA, b, rsB, csB, c, n, arena.scratch);
      copyOut(arena, c, C, lenC);
      return C;
    }
  }
  return gemmStrided(m, n, k, A, rsA, csA, B, rsB, csB, C);
}

/** C (m x n) = A (m x k) · B (k x n). */
export function gemmNN(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array): Float64Array {
  return product(m, n, k, A, k, 1, m * k, B, n, 1, k * n, C);
}

/** C (m x n) = A (m x k) · B (n x k)ᵀ, e.g. pre-activations X · Wᵀ. */
export function gemmNT(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array): Float64Array {
  return product(m, n, k, A, k, 1, m * k, B, 1, k, n * k, C);
}

/** C (m x n) = A (k x m)ᵀ · B (k x n), e.g. weight gradients Gᵀ · X. */
export function gemmTN(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array): Float64Array {
  return product(m, n, k, A, 1, m, k * m, B, n, 1, k * n, C);
}

/** y (m) = A (m x n) · x (n). */
export function gemv(m: number, n: number, A: Float64Array, x: Float64Array, y: Float64Array): Float64Array {
  return vector(false, m, n, A, x, y);
}

/** y (n) = A (m x n)ᵀ · x (m). */
export function gemvT(m: number, n: number, A: Float64Array, x: Float64Array, y: Float64Array): Float64Array {
  return vector(true, m, n, A, x, y);
}

function vector(transposed: boolean, m: number, n: number, A: Float64Array, x: Float64Array, y: Float64Array): Float64Array {
  const lenX = transposed ? m : n;
  const lenY = transposed ? n : m;
  if (wasmFor(m * n, WASM_MIN_WORK) && arenaOf(A)) {
    // Only with A already in an arena: a matrix-vector product reads A once, so copying it costs as much as the product.
    const arena = arenaFor(A, m * n, x, lenX, y, lenY);
    if (arena) {
      stageAt = arena.staging;
      const a = place(arena, A, m * n);
      const px = place(arena, x, lenX);
      const py = y.buffer === arena.memory.buffer ? y.byteOffset : stageAt;
      if (transposed) arena.kernels.gemvT(m, n, a, px, py);
      else arena.kernels.gemv(m, n, a, px, py);
      copyOut(arena, py, y, lenY);
      return y;
    }
  }
  return transposed ? gemvTJs(m, n, A, x, y) : gemvJs(m, n, A, x, y);
}
