// Pointwise passes in WebAssembly SIMD, for buffers that live in one kernel arena (a training workspace). The
// function applied is named by its kernel code; which activation has which code is the model's table
// (core/model/pointwise.ts). Each returns false when it cannot run (JS backend, buffers outside an arena, a pass
// too small to pay for the call) and the caller then runs its JS loop, which computes the same operations in the
// same order: the two give identical bits.
import { wasmFor } from './gemm';
import { arenaOf, stagedBytes } from './wasm/arena';

/** Below this many entries the JS loop is as fast as the call. */
const POINTWISE_MIN = 256;

function sameArena(...xs: Float64Array[]): ReturnType<typeof arenaOf> {
  const arena = arenaOf(xs[0]);
  if (!arena) return undefined;
  for (const x of xs) if (x.buffer !== arena.memory.buffer) return undefined;
  return arena;
}

/** Z ← c·Z (unless c = 1) and S ← σ(Z) over len entries, σ the function of kernel code `kind`; S may be Z. */
export function activateInArena(kind: number, Z: Float64Array, S: Float64Array, len: number, c: number): boolean {
  if (!wasmFor(len, POINTWISE_MIN)) return false;
  const arena = sameArena(Z, S);
  if (!arena) return false;
  arena.kernels.activate(kind, Z.byteOffset, S.byteOffset, len, c, c !== 1 ? 1 : 0);
  return true;
}

/**
 * G (n x m) = σ'(Z) ⊙ (c·r_i)·a_j, σ' the derivative of kernel code `kind` (tanh's read off S = tanh(Z)); G may be Z. Z, S, G and r must share an
 * arena; a (the second-layer weights, usually an ordinary array) is staged.
 */
export function gradientFactorInArena(
  kind: number, Z: Float64Array, S: Float64Array, G: Float64Array, r: Float64Array, a: Float64Array, n: number, m: number, c: number,
): boolean {
  if (!wasmFor(n * m, POINTWISE_MIN)) return false;
  const arena = sameArena(Z, S, G, r);
  if (!arena) return false;
  let pa = a.byteOffset;
  if (a.buffer !== arena.memory.buffer) {
    if (stagedBytes(m) > arena.stagingBytes) return false;
    pa = arena.staging;
    arena.f64.set(a.length === m ? a : a.subarray(0, m), pa >> 3);
  }
  arena.kernels.gradientFactor(kind, Z.byteOffset, S.byteOffset, G.byteOffset, r.byteOffset, pa, n, m, c);
  return true;
}
