// Pure-JS products over row-major Float64Arrays: the fallback when WebAssembly SIMD is unavailable and the
// reference the WebAssembly kernels are tested against. Every output entry is Σ_p in increasing p, each product
// rounded before it is added: the WebAssembly kernels sum in the same order, so both give identical bits.
// Outputs are written in place; nothing is allocated.

/** Terms per block: a KC-row slice of both operands stays in L2 while the register tiles walk it. */
const KC = 256;

/**
 * C (m x n, row-major) = A·B with A(i, p) = A[i·rsA + p·csA] and B(p, j) = B[p·rsB + j·csB]: A·B, A·Bᵀ and Aᵀ·B
 * are stride choices. Register tiles of 3 x 4 entries (12 accumulators and 7 operands fill the 16 xmm registers).
 */
export function gemmStrided(
  m: number, n: number, k: number,
  A: Float64Array, rsA: number, csA: number,
  B: Float64Array, rsB: number, csB: number,
  C: Float64Array,
): Float64Array {
  if (k === 0) return C.fill(0, 0, m * n);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    const first = p0 === 0;
    let i = 0;
    for (; i + 3 <= m; i += 3) {
      const c0 = i * n;
      const c1 = c0 + n;
      const c2 = c1 + n;
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
        if (!first) {
          s00 = C[c0 + j]; s01 = C[c0 + j + 1]; s02 = C[c0 + j + 2]; s03 = C[c0 + j + 3];
          s10 = C[c1 + j]; s11 = C[c1 + j + 1]; s12 = C[c1 + j + 2]; s13 = C[c1 + j + 3];
          s20 = C[c2 + j]; s21 = C[c2 + j + 1]; s22 = C[c2 + j + 2]; s23 = C[c2 + j + 3];
        }
        let pa = i * rsA + p0 * csA;
        let pb = p0 * rsB + j * csB;
        for (let p = p0; p < p1; p++) {
          const a0 = A[pa];
          const a1 = A[pa + rsA];
          const a2 = A[pa + 2 * rsA];
          const b0 = B[pb];
          const b1 = B[pb + csB];
          const b2 = B[pb + 2 * csB];
          const b3 = B[pb + 3 * csB];
          s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
          s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
          s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
          pa += csA;
          pb += rsB;
        }
        C[c0 + j] = s00; C[c0 + j + 1] = s01; C[c0 + j + 2] = s02; C[c0 + j + 3] = s03;
        C[c1 + j] = s10; C[c1 + j + 1] = s11; C[c1 + j + 2] = s12; C[c1 + j + 3] = s13;
        C[c2 + j] = s20; C[c2 + j + 1] = s21; C[c2 + j + 2] = s22; C[c2 + j + 3] = s23;
      }
      for (; j < n; j++) {
        let s0 = first ? 0 : C[c0 + j];
        let s1 = first ? 0 : C[c1 + j];
        let s2 = first ? 0 : C[c2 + j];
        let pa = i * rsA + p0 * csA;
        let pb = p0 * rsB + j * csB;
        for (let p = p0; p < p1; p++) {
          const b = B[pb];
          s0 += A[pa] * b;
          s1 += A[pa + rsA] * b;
          s2 += A[pa + 2 * rsA] * b;
          pa += csA;
          pb += rsB;
        }
        C[c0 + j] = s0;
        C[c1 + j] = s1;
        C[c2 + j] = s2;
      }
    }
    for (; i < m; i++) {
      const ci = i * n;
      for (let j = 0; j < n; j++) {
        let s = first ? 0 : C[ci + j];
        let pa = i * rsA + p0 * csA;
        let pb = p0 * rsB + j * csB;
        for (let p = p0; p < p1; p++) {
          s += A[pa] * B[pb];
          pa += csA;
          pb += rsB;
        }
        C[ci + j] = s;
      }
    }
  }
  return C;
}

/** C (m x n) = A (m x k) · B (k x n). */
export function gemmNNJs(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array): Float64Array {
  return gemmStrided(m, n, k, A, k, 1, B, n, 1, C);
}

/** C (m x n) = A (m x k) · B (n x k)ᵀ. */
export function gemmNTJs(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array): Float64Array {
  return gemmStrided(m, n, k, A, k, 1, B, 1, k, C);
}

/** C (m x n) = A (k x m)ᵀ · B (k x n). */
export function gemmTNJs(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array): Float64Array {
  return gemmStrided(m, n, k, A, 1, m, B, n, 1, C);
}

/** y (m) = A (m x n, rows lda apart) · x (n); four rows at a time so four sums are in flight. */
export function gemvJs(m: number, n: number, A: Float64Array, x: Float64Array, y: Float64Array, lda = n): Float64Array {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const r0 = i * lda;
    const r1 = r0 + lda;
    const r2 = r1 + lda;
    const r3 = r2 + lda;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      s0 += A[r0 + j] * xj;
      s1 += A[r1 + j] * xj;
      s2 += A[r2 + j] * xj;
      s3 += A[r3 + j] * xj;
    }
    y[i] = s0;
    y[i + 1] = s1;
    y[i + 2] = s2;
    y[i + 3] = s3;
  }
  for (; i < m; i++) {
    const r = i * lda;
    let s = 0;
    for (let j = 0; j < n; j++) s += A[r + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** y (n) = A (m x n)ᵀ · x (m): row by row, so each y_j is summed in increasing i. */
export function gemvTJs(m: number, n: number, A: Float64Array, x: Float64Array, y: Float64Array): Float64Array {
  y.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const xi = x[i];
    const r = i * n;
    for (let j = 0; j < n; j++) y[j] += xi * A[r + j];
  }
  return y;
}
