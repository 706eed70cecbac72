// The Cholesky factor L Lᵀ = H_SS of H = G + c·11ᵀ restricted to a changing index set S (Wolfe's corral):
// appending an index borders L in O(s²), removing one is a rank-one update of the trailing block in O(s²).
// With c > 0, H_SS is positive definite exactly when the points of S are affinely independent, and the
// affine minimiser of ‖Σ μ_s p_s‖ (Σ μ_s = 1) is H_SS⁻¹1 / 1ᵀH_SS⁻¹1 (the c·11ᵀ term is constant on Σμ = 1).

export interface CorralFactor {
  /** Indices of S, in the order of L's rows. */
  readonly S: number[];
  /** Lower-triangular factor, row-major with stride `capacity`. */
  readonly L: Float64Array;
  readonly capacity: number;
}

export function createCorral(capacity: number): CorralFactor {
  return { S: [], L: new Float64Array(capacity * capacity), capacity };
}

/**
 * Appends index j, given H_{S,j} (in S's order) and H_jj. Returns false (and leaves the factor unchanged)
 * when the new pivot is not positive beyond rounding, i.e. p_j is affinely dependent on the corral.
 */
export function corralAppend(F: CorralFactor, j: number, h: ArrayLike<number>, hjj: number): boolean {
  const { L, capacity: c, S } = F;
  const s = S.length;
  if (s >= c) throw new RangeError(`corralAppend: capacity ${c} exceeded`);
  const row = s * c;
  let q = 0;
  for (let r = 0; r < s; r++) {
    let v = h[r];
    for (let k = 0; k < r; k++) v -= L[r * c + k] * L[row + k];
    v /= L[r * c + r];
    L[row + r] = v;
    q += v * v;
  }
  const pivot = hjj - q;
  if (!(pivot > 4 * (s + 1) * Number.EPSILON * hjj)) {
    for (let r = 0; r < s; r++) L[row + r] = 0;
    return false;
  }
  L[row + s] = Math.sqrt(pivot);
  S.push(j);
  return true;
}

/** Removes the k-th index of S: drops row and column k, then restores the trailing block by a rank-one update. */
export function corralRemove(F: CorralFactor, k: number): void {
  const { L, capacity: c, S } = F;
  const s = S.length;
  // x = the dropped column below the diagonal; the trailing block T must become chol(T Tᵀ + x xᵀ).
  const x = new Float64Array(s - k - 1);
  for (let r = k + 1; r < s; r++) x[r - k - 1] = L[r * c + k];
  // Shift rows k+1.. up by one and columns k+1.. left by one.
  for (let r = k; r < s - 1; r++) {
    const src = (r + 1) * c;
    const dst = r * c;
    for (let col = 0; col < k; col++) L[dst + col] = L[src + col];
    for (let col = k; col <= r; col++) L[dst + col] = L[src + col + 1];
    L[dst + r + 1] = 0;
  }
  for (let col = 0; col < c; col++) L[(s - 1) * c + col] = 0;
  // Rank-one update of the trailing block (rows/cols k..s−2) with x.
  const t = s - 1 - k;
  for (let p = 0; p < t; p++) {
    const i = k + p;
    const lii = L[i * c + i];
    const r = Math.hypot(lii, x[p]);
    const cs = r / lii;
    const sn = x[p] / lii;
    L[i * c + i] = r;
    for (let q = p + 1; q < t; q++) {
      const ri = (k + q) * c + i;
      L[ri] = (L[ri] + sn * x[q]) / cs;
      x[q] = cs * x[q] - sn * L[ri];
    }
  }
  S.splice(k, 1);
}

/** μ = H_SS⁻¹1 / 1ᵀH_SS⁻¹1, in S's order. */
export function corralAffineMinimiser(F: CorralFactor): Float64Array {
  const { L, capacity: c, S } = F;
  const s = S.length;
  const w = new Float64Array(s);
  for (let r = 0; r < s; r++) {
    let v = 1;
    for (let k = 0; k < r; k++) v -= L[r * c + k] * w[k];
    w[r] = v / L[r * c + r];
  }
  for (let r = s - 1; r >= 0; r--) {
    let v = w[r];
    for (let k = r + 1; k < s; k++) v -= L[k * c + r] * w[k];
    w[r] = v / L[r * c + r];
  }
  let sum = 0;
  for (let r = 0; r < s; r++) sum += w[r];
  for (let r = 0; r < s; r++) w[r] /= sum;
  return w;
}
