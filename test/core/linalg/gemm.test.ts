import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { afterEach, describe, expect, it } from 'vitest';
import { gemmNN, gemmNT, gemmTN, gemv, gemvT, kernelBackend, kernelBuffers, setKernelBackend } from '../../../src/core/linalg';
import { gemmNNJs, gemmNTJs, gemmTNJs, gemvJs, gemvTJs } from '../../../src/core/linalg/gemm-js';
import { kernelModule } from '../../../src/core/linalg/wasm/loader';
import { stream } from '../../../src/core/rng';

// Each entry is a k-term dot product; its rounding error is bounded by k·ε·Σ|a||b| (Higham, §3.1).
function expectProductClose(got: Float64Array, want: Matrix, absA: Matrix, absB: Matrix) {
  const bound = absA.mmul(absB);
  const k = absA.columns;
  for (let i = 0; i < want.rows; i++)
    for (let j = 0; j < want.columns; j++) {
      const err = Math.abs(got[i * want.columns + j] - want.get(i, j));
      expect(err).toBeLessThanOrEqual(2 * k * Number.EPSILON * bound.get(i, j) + Number.MIN_VALUE);
    }
}

/** Same bits, -0 and +0 told apart. */
function expectSameBits(got: Float64Array, want: Float64Array) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) expect(got[i], `entry ${i}`).toBe(want[i]);
}

function gaussian(len: number, seed: number): Float64Array {
  return stream(seed).normals(len, 1);
}

const small = fc.record({ m: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 9 }), seed: fc.integer({ min: 0, max: 1e6 }) });
// Past the blocking of the WebAssembly kernel (128 terms, 256 columns per block, 4 x 4 tiles) and its fringes.
const large = fc.record({ m: fc.integer({ min: 1, max: 70 }), n: fc.integer({ min: 1, max: 300 }), k: fc.integer({ min: 0, max: 300 }), seed: fc.integer({ min: 0, max: 1e6 }) });

const wasm = kernelModule() !== null;

afterEach(() => setKernelBackend(undefined));

describe('gemm kernels against ml-matrix', () => {
  it('gemvJs on a block of a larger matrix (rows lda apart) is gemvJs on the block packed', () => {
    fc.assert(
      fc.property(small, fc.nat(5), fc.nat(5), ({ m, n, seed }, extra, offset) => {
        const lda = n + extra;
        const A = gaussian(offset + m * lda, seed);
        const packed = new Float64Array(m * n);
        for (let i = 0; i < m; i++) packed.set(A.subarray(offset + i * lda, offset + i * lda + n), i * n);
        const x = gaussian(n, seed + 1);
        expectSameBits(gemvJs(m, n, A.subarray(offset), x, new Float64Array(m), lda), gemvJs(m, n, packed, x, new Float64Array(m)));
      }),
    );
  });
  for (const backend of ['js', 'wasm'] as const) {
    it.skipIf(backend === 'wasm' && !wasm)(`gemmNN, gemmNT, gemmTN agree with mmul on random shapes (${backend})`, () => {
      setKernelBackend(backend);
      fc.assert(
        fc.property(small, ({ m, n, k, seed }) => {
          const s = stream(seed);
          const A = new Matrix(m, k);
          const B = new Matrix(k, n);
          for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) A.set(i, j, s.normal());
          for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) B.set(i, j, s.normal());
          const want = A.mmul(B);
          const absA = A.clone().abs(); // ml-matrix abs() works in place
          const absB = B.clone().abs();
          const a = Float64Array.from(A.to1DArray());
          const b = Float64Array.from(B.to1DArray());
          const bt = Float64Array.from(B.transpose().to1DArray());
          const at = Float64Array.from(A.transpose().to1DArray());
          expectProductClose(gemmNN(m, n, k, a, b, new Float64Array(m * n)), want, absA, absB);
          expectProductClose(gemmNT(m, n, k, a, bt, new Float64Array(m * n)), want, absA, absB);
          expectProductClose(gemmTN(m, n, k, at, b, new Float64Array(m * n).fill(7)), want, absA, absB);
        }),
      );
    });
  }

  it('gemv and gemvT compute A·x and Aᵀ·x (hand-computed)', () => {
    const A = Float64Array.from([1, 2, 3, 4, 5, 6]); // 2 x 3
    expect(Array.from(gemv(2, 3, A, Float64Array.from([1, 0, -1]), new Float64Array(2)))).toEqual([-2, -2]);
    expect(Array.from(gemvT(2, 3, A, Float64Array.from([1, -1]), new Float64Array(3).fill(9)))).toEqual([-3, -3, -3]);
  });

  it('a 2x2 product by hand', () => {
    const C = gemmNN(2, 2, 2, Float64Array.from([1, 2, 3, 4]), Float64Array.from([5, 6, 7, 8]), new Float64Array(4));
    expect(Array.from(C)).toEqual([19, 22, 43, 50]);
  });

  it('k = 0 gives zeros', () => {
    for (const backend of wasm ? (['js', 'wasm'] as const) : (['js'] as const)) {
      setKernelBackend(backend);
      expect(Array.from(gemmNN(2, 3, 0, new Float64Array(0), new Float64Array(0), new Float64Array(6).fill(5)))).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });
});

/** gemv and gemvT with the matrix in an arena give the JS kernels' bits. */
function vectorProductsAgree(m: number, n: number, seed: number): void {
  const A = gaussian(m * n, seed);
  const x = gaussian(n, seed + 1);
  const z = gaussian(m, seed + 2);
  const [Ar, y] = kernelBuffers([m * n, m], n);
  Ar.set(A);
  expectSameBits(gemv(m, n, Ar, x, y), gemvJs(m, n, A, x, new Float64Array(m)));
  expectSameBits(gemvT(m, n, Ar, z, new Float64Array(n).fill(3)), gemvTJs(m, n, A, z, new Float64Array(n)));
}

/** The three matrix products on operands outside any arena (staged by each call): same bits as the JS kernels. */
function matrixProductsAgree(m: number, n: number, k: number, seed: number): void {
  const A = gaussian(m * k, seed);
  const B = gaussian(k * n, seed + 1);
  expectSameBits(gemmNN(m, n, k, A, B, new Float64Array(m * n)), gemmNNJs(m, n, k, A, B, new Float64Array(m * n)));
  expectSameBits(gemmNT(m, n, k, A, B, new Float64Array(m * n)), gemmNTJs(m, n, k, A, B, new Float64Array(m * n)));
  expectSameBits(gemmTN(m, n, k, A, B, new Float64Array(m * n)), gemmTNJs(m, n, k, A, B, new Float64Array(m * n)));
}

describe.skipIf(!wasm)('WebAssembly kernels against the JS reference: identical bits', () => {
  it('gemmNN, gemmNT, gemmTN on shapes across the blocking and fringes, operands staged', () => {
    setKernelBackend('wasm');
    fc.assert(
      fc.property(large, ({ m, n, k, seed }) => matrixProductsAgree(m, n, k, seed)),
      { numRuns: 60 },
    );
  });

  it('gemmNN, gemmNT, gemmTN with m across several packed blocks of rows of A', () => {
    setKernelBackend('wasm');
    // The kernel packs 256 rows of A at a time: m past it, often not a multiple of it nor of the 4-row tile.
    const tall = fc.record({ m: fc.integer({ min: 250, max: 600 }), n: fc.integer({ min: 1, max: 12 }), k: fc.integer({ min: 100, max: 300 }), seed: fc.integer({ min: 0, max: 1e6 }) });
    fc.assert(
      fc.property(tall, ({ m, n, k, seed }) => matrixProductsAgree(m, n, k, seed)),
      { numRuns: 12 },
    );
  });

  it('operands and outputs living in an arena (a training workspace) give the same bits as staged ones', () => {
    setKernelBackend('wasm');
    fc.assert(
      fc.property(large, ({ m, n, k, seed }) => {
        const A = gaussian(m * k, seed);
        const B = gaussian(k * n, seed + 1);
        // Longer views than the product needs, as a workspace with capacity > batch gives.
        const [Ar, Cr, Cr2] = kernelBuffers([m * k + 3, m * n + 5, m * n], k * n + 8);
        Ar.set(A);
        expectSameBits(gemmNN(m, n, k, Ar, B, Cr).subarray(0, m * n), gemmNNJs(m, n, k, A, B, new Float64Array(m * n)));
        expectSameBits(gemmTN(m, n, k, Ar, B, Cr2), gemmTNJs(m, n, k, A, B, new Float64Array(m * n)));
      }),
      { numRuns: 40 },
    );
  });

  it('gemv and gemvT with the matrix in an arena', () => {
    setKernelBackend('wasm');
    fc.assert(
      fc.property(large, ({ m, n, seed }) => vectorProductsAgree(m, n, seed)),
      { numRuns: 40 },
    );
  });

  it('gemvT past L2 (by rows) and gemv on tall matrices', () => {
    setKernelBackend('wasm');
    // m x n x 8 bytes above 512 KiB; m not a multiple of 4 (rows left over) and n odd (a last column) in many draws.
    const tall = fc.record({ m: fc.integer({ min: 400, max: 800 }), n: fc.integer({ min: 170, max: 260 }), seed: fc.integer({ min: 0, max: 1e6 }) });
    fc.assert(
      fc.property(tall, ({ m, n, seed }) => vectorProductsAgree(m, n, seed)),
      { numRuns: 12 },
    );
  });

  it('an operand in another arena is copied, not read in place', () => {
    setKernelBackend('wasm');
    const [m, n, k] = [37, 41, 131];
    const [A] = kernelBuffers([m * k], 0);
    const [C] = kernelBuffers([m * n], k * n);
    A.set(gaussian(m * k, 5));
    const B = gaussian(k * n, 6);
    expectSameBits(gemmNN(m, n, k, A, B, C), gemmNNJs(m, n, k, A, B, new Float64Array(m * n)));
  });

  it('the automatic choice is WebAssembly here, and small products run the same either way', () => {
    expect(kernelBackend()).toBe('wasm');
    const A = gaussian(6, 1);
    const B = gaussian(6, 2);
    expectSameBits(gemmNT(2, 2, 3, A, B, new Float64Array(4)), gemmNTJs(2, 2, 3, A, B, new Float64Array(4)));
  });
});
