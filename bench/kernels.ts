// The products of the training loops at the sizes the ladders reach, timed on our kernels (WebAssembly SIMD
// and pure JS), ml-matrix and (in numpy_bench.py) numpy. Operands are laid out as the trainer holds them: the
// workspace's buffers (outputs, G, S) in a kernel arena, the data and weights in ordinary arrays, staged by
// the call as in training.
import { Matrix } from 'ml-matrix';
import { gemmNN, gemmNT, gemmTN, gemv, gemvT, kernelBuffers } from '../src/core/linalg/gemm';
import { gemmNNJs, gemmNTJs, gemmTNJs, gemvJs, gemvTJs } from '../src/core/linalg/gemm-js';
import { stream } from '../src/core/rng';
import { bestSeconds } from './timing';

export type Op = 'NN' | 'NT' | 'TN' | 'gemv' | 'gemvT';

/** C (m x n) = op(A) (m x k) · op(B) (k x n); for gemv and gemvT, n = 1. */
export interface ProductShape {
  label: string;
  op: Op;
  m: number;
  n: number;
  k: number;
}

export const SHAPES: ProductShape[] = [
  { label: 'pre-activations X·Wᵀ (n=4096, d=64, m=256)', op: 'NT', m: 4096, n: 256, k: 64 },
  { label: 'weight gradient Gᵀ·X (m=256, d=64, n=4096)', op: 'TN', m: 256, n: 64, k: 4096 },
  { label: 'input gradient G·W (n=4096, m=256, d=64)', op: 'NN', m: 4096, n: 64, k: 256 },
  { label: '4096×128 · 128×256', op: 'NN', m: 4096, n: 256, k: 128 },
  { label: 'pre-activations X·Wᵀ (n=4096, d=128, m=1024)', op: 'NT', m: 4096, n: 1024, k: 128 },
  { label: 'weight gradient Gᵀ·X (m=1024, d=128, n=4096)', op: 'TN', m: 1024, n: 128, k: 4096 },
  { label: 'one sample: W·x (m=256, d=64)', op: 'NT', m: 1, n: 256, k: 64 },
  { label: 'one sample: gradient g·xᵀ (m=256, d=64)', op: 'TN', m: 256, n: 64, k: 1 },
  { label: 'outputs S·a (n=4096, m=256)', op: 'gemv', m: 4096, n: 1, k: 256 },
  { label: 'second-layer gradient Sᵀ·r (n=4096, m=256)', op: 'gemvT', m: 256, n: 1, k: 4096 },
];

export function flops(s: ProductShape): number {
  return 2 * s.m * s.n * s.k;
}

export interface KernelTimes {
  wasm: number;
  js: number;
  mlMatrix: number;
}

/** Seconds per product of each implementation. */
export function timeProduct(s: ProductShape): KernelTimes {
  const rng = stream(17);
  const { m, n, k } = s;
  const A = rng.normals(m * k, 1);
  const B = rng.normals(k * n, 1);
  // The layout each op reads: NT takes B as n x k, TN takes A as k x m (the same numbers, other shapes).
  const [Ar, Br, Cr, Rr] = kernelBuffers([m * k, k * n, m * n, k], k * n + m * k + 16);
  Ar.set(A);
  Br.set(B);
  Rr.set(B.subarray(0, k));
  const C = new Float64Array(m * n);
  // X·Wᵀ on a full batch reads the data and weights from outside the workspace (staged); single-sample SGD
  // keeps W and the sample in its workspace (train/online.ts), as do the other products their operands.
  const oneSample = s.op === 'NT' && m === 1;
  const resident = s.op !== 'NT' || oneSample;
  const a = resident ? Ar : A;
  const b = oneSample ? Br : B;
  let wasm: () => unknown;
  let js: () => unknown;
  let ml: () => unknown;
  const mA = (rows: number, cols: number) => new Matrix(Array.from({ length: rows }, (_, i) => Array.from(A.subarray(i * cols, (i + 1) * cols))));
  const mB = (rows: number, cols: number) => new Matrix(Array.from({ length: rows }, (_, i) => Array.from(B.subarray(i * cols, (i + 1) * cols))));
  switch (s.op) {
    case 'NN': {
      wasm = () => gemmNN(m, n, k, a, B, Cr);
      js = () => gemmNNJs(m, n, k, A, B, C);
      const [x, y] = [mA(m, k), mB(k, n)];
      ml = () => x.mmul(y);
      break;
    }
    case 'NT': {
      wasm = () => gemmNT(m, n, k, a, b, Cr);
      // One sample: the JS backend takes a row times a matrix as the matrix-vector product it is (gemm.ts).
      js = oneSample ? () => gemvJs(n, k, B, A, C) : () => gemmNTJs(m, n, k, A, B, C);
      const [x, y] = [mA(m, k), mB(n, k).transpose()];
      ml = () => x.mmul(y);
      break;
    }
    case 'TN': {
      wasm = () => gemmTN(m, n, k, a, B, Cr);
      js = () => gemmTNJs(m, n, k, A, B, C);
      const [x, y] = [mA(k, m).transpose(), mB(k, n)];
      ml = () => x.mmul(y);
      break;
    }
    case 'gemv': {
      wasm = () => gemv(m, k, a, B, Cr);
      js = () => gemvJs(m, k, A, B, C);
      const [x, y] = [mA(m, k), Matrix.columnVector(Array.from(B.subarray(0, k)))];
      ml = () => x.mmul(y);
      break;
    }
    case 'gemvT': {
      // A is k x m (the rows are samples), y (m) = Aᵀ x.
      wasm = () => gemvT(k, m, a, Rr, Cr);
      js = () => gemvTJs(k, m, A, B, C);
      const [x, y] = [mA(k, m).transpose(), Matrix.columnVector(Array.from(B.subarray(0, k)))];
      ml = () => x.mmul(y);
      break;
    }
  }
  return { wasm: bestSeconds(wasm), js: bestSeconds(js), mlMatrix: bestSeconds(ml, 3) };
}
