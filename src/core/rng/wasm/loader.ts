// The normals kernel (normals.wasm, built from normals.ts by `npm run build:wasm`), instantiated once per thread
// over a memory of its own. THEORYCHECK_KERNELS=js turns it off, as it does the product kernels; the JS loop of
// ../stream.ts then draws every normal, the same numbers.
import { readFileSync } from 'node:fs';

export const NORMALS_WASM_PATH = new URL('./normals.wasm', import.meta.url);

/** The kernel with views of its state and output. */
export interface NormalsKernel {
  /** Draws n normals times scale into `out` (n ≤ capacity), advancing `state`; 1 when a spare was left in spare[0]. */
  normals(n: number, scale: number): number;
  /** ln x by fdlibm, for tests. */
  fdlibmLog(x: number): number;
  /** Alea's state words S0, S1, S2 (the state doubles times 2^32) and the carry c. */
  readonly state: Uint32Array;
  /** The spare variate left by the last call that returned 1. */
  readonly spare: Float64Array;
  readonly out: Float64Array;
  /** Normals one call can write. */
  readonly capacity: number;
}

const PAGES = 2;
let cached: NormalsKernel | null | undefined;
let off = false;

/** Turns the kernel off (true) or back on (false): tests and benchmarks of the JS loop. */
export function setNormalsKernelOff(value: boolean): void {
  off = value;
}

/** The kernel, or null when it is off or WebAssembly is unavailable. */
export function normalsKernel(): NormalsKernel | null {
  if (off) return null;
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.THEORYCHECK_KERNELS === 'js' || typeof WebAssembly === 'undefined') return cached;
  try {
    const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(NORMALS_WASM_PATH)), { env: { memory } });
    const exports = instance.exports as unknown as { normals(n: number, scale: number): number; fdlibmLog(x: number): number; outOffset(): number };
    const at = exports.outOffset();
    const capacity = (memory.buffer.byteLength - at) / 8;
    cached = {
      normals: exports.normals,
      fdlibmLog: exports.fdlibmLog,
      state: new Uint32Array(memory.buffer, 0, 4),
      spare: new Float64Array(memory.buffer, 16, 1),
      out: new Float64Array(memory.buffer, at, capacity),
      capacity,
    };
  } catch {
    cached = null;
  }
  return cached;
}
