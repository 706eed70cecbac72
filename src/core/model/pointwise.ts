// The network's pointwise passes, one entry point each: the WebAssembly kernel when it can run (buffers in a
// kernel arena, a pass large enough), else the JS loop of activations.ts, which computes the same operations in
// the same order: the two give identical bits (test/core/model/pointwise.test.ts checks every activation).
import type { Activation } from '../../contract/values';
import { activateInArena, gradientFactorInArena } from '../linalg/pointwise';
import { sigmaInto, sigmaPrimeInto } from './activations';

/**
 * The kernel code of each activation, the one table src/core/linalg/wasm/kernels.ts switches on: forward
 * (σ) and derivative (σ'). tanh has no forward kernel (Math.tanh has no SIMD twin); its derivative is read off
 * S = tanh(Z).
 */
export const KERNEL_CODES: Record<Activation, { forward?: number; derivative: number }> = {
  relu: { forward: 0, derivative: 0 },
  quadratic: { forward: 1, derivative: 1 },
  linear: { forward: 2, derivative: 2 },
  he2: { forward: 3, derivative: 3 },
  he3: { forward: 4, derivative: 4 },
  he4: { forward: 5, derivative: 5 },
  tanh: { derivative: 6 },
};

/** Z ← c·Z (unless c = 1) and S ← σ(Z) over len entries; S may be Z. */
export function activate(activation: Activation, Z: Float64Array, S: Float64Array, len: number, c: number): void {
  const code = KERNEL_CODES[activation].forward;
  if (code !== undefined && activateInArena(code, Z, S, len, c)) return;
  if (c !== 1) for (let k = 0; k < len; k++) Z[k] *= c;
  sigmaInto(activation, Z, S, len);
}

/** G (n x m) = σ'(Z) ⊙ (c·r_i)·a_j, with S = σ(Z) from the forward pass; G may be Z. */
export function gradientFactor(
  activation: Activation, Z: Float64Array, S: Float64Array, G: Float64Array, r: Float64Array, a: Float64Array, n: number, m: number, c: number,
): void {
  if (gradientFactorInArena(KERNEL_CODES[activation].derivative, Z, S, G, r, a, n, m, c)) return;
  const nm = n * m;
  if (activation === 'tanh') {
    // tanh' = 1 − tanh², read off S: saves a second tanh per entry.
    for (let k = 0; k < nm; k++) G[k] = 1 - S[k] * S[k];
  } else {
    sigmaPrimeInto(activation, Z, G, nm);
  }
  for (let i = 0; i < n; i++) {
    const ri = c * r[i];
    const row = i * m;
    for (let j = 0; j < m; j++) G[row + j] *= ri * a[j];
  }
}
