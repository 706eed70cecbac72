// Row-major Float64Array products for the training loops. Each writes its output in place (no allocation)
// and keeps the innermost loop contiguous in memory; the transposed variants differ only in loop order.

/** C (m x n) = A (m x k) · B (k x n). */
export function gemmNN(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array): Float64Array {
  C.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const a = A[ai + p];
      if (a === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
    }
  }
  return C;
}

/** C (m x n) = A (m x k) · B (n x k)ᵀ, e.g. pre-activations X · Wᵀ. */
export function gemmNT(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array): Float64Array {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s0 = 0;
      let s1 = 0;
      let p = 0;
      // Two accumulators break the add dependency chain.
      for (; p + 1 < k; p += 2) {
        s0 += A[ai + p] * B[bj + p];
        s1 += A[ai + p + 1] * B[bj + p + 1];
      }
      if (p < k) s0 += A[ai + p] * B[bj + p];
      C[ci + j] = s0 + s1;
    }
  }
  return C;
}

/** C (m x n) = A (k x m)ᵀ · B (k x n), e.g. weight gradients Gᵀ · X. */
export function gemmTN(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array): Float64Array {
  C.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    const ap = p * m;
    const bp = p * n;
    for (let i = 0; i < m; i++) {
      const a = A[ap + i];
      if (a === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
    }
  }
  return C;
}

/** y (m) = A (m x n) · x (n). */
export function gemv(m: number, n: number, A: Float64Array, x: Float64Array, y: Float64Array): Float64Array {
  for (let i = 0; i < m; i++) {
    const ai = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += A[ai + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** y (n) = A (m x n)ᵀ · x (m). */
export function gemvT(m: number, n: number, A: Float64Array, x: Float64Array, y: Float64Array): Float64Array {
  y.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const ai = i * n;
    for (let j = 0; j < n; j++) y[j] += xi * A[ai + j];
  }
  return y;
}
