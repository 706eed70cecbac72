// Compiles the committed kernels.wasm (built from kernels.ts by `npm run build:wasm`) once per thread.
// THEORYCHECK_KERNELS=js turns it off (the pure-JS kernels then run everything); so does an engine
// without WebAssembly SIMD, which fails validation.
import { readFileSync } from 'node:fs';

export interface KernelExports {
  scratchBytes(): number;
  gemm(
    m: number, n: number, k: number,
    a: number, rsA: number, csA: number,
    b: number, rsB: number, csB: number,
    c: number, ldc: number,
    scratch: number,
  ): void;
  gemv(m: number, n: number, a: number, x: number, y: number): void;
  gemvT(m: number, n: number, a: number, x: number, y: number): void;
  activate(kind: number, z: number, s: number, len: number, c: number, scaled: number): void;
  gradientFactor(kind: number, z: number, s: number, g: number, r: number, a: number, n: number, m: number, c: number): void;
}

export const WASM_PATH = new URL('./kernels.wasm', import.meta.url);

let cached: WebAssembly.Module | null | undefined;

/** The compiled kernel module, or null when WebAssembly SIMD is off or unavailable. */
export function kernelModule(): WebAssembly.Module | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.THEORYCHECK_KERNELS === 'js' || typeof WebAssembly === 'undefined') return cached;
  try {
    const bytes = readFileSync(WASM_PATH);
    if (WebAssembly.validate(bytes)) cached = new WebAssembly.Module(bytes);
  } catch {
    cached = null;
  }
  return cached;
}
