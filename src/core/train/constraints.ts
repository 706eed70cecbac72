// Constraints on the first layer W (m x d row-major), applied after every step.
// unit-rows: w_j ← norm · w_j / ‖w_j‖ (projected / spherical training).
// norm-only: w_j = r_j u_j with fixed unit directions u_j; only the norms r_j ≥ 0 move.

/** Rescales every row of W to Euclidean norm `norm`, in place. A zero row stays zero (it has no direction). */
export function normalizeRows(W: Float64Array, m: number, d: number, norm = 1): void {
  for (let j = 0; j < m; j++) {
    const o = j * d;
    let q = 0;
    for (let k = 0; k < d; k++) q += W[o + k] * W[o + k];
    if (q === 0) continue;
    const c = norm / Math.sqrt(q);
    for (let k = 0; k < d; k++) W[o + k] *= c;
  }
}

/** Splits W into unit directions U (m x d) and norms r (m), w_j = r_j u_j. Rows must be nonzero. */
export function polarRows(W: Float64Array, m: number, d: number, U: Float64Array, r: Float64Array): void {
  for (let j = 0; j < m; j++) {
    const o = j * d;
    let q = 0;
    for (let k = 0; k < d; k++) q += W[o + k] * W[o + k];
    const rj = Math.sqrt(q);
    r[j] = rj;
    for (let k = 0; k < d; k++) U[o + k] = W[o + k] / rj;
  }
}

/**
 * One projected gradient step on the norms: r_j ← max(0, r_j − η u_j·∂L/∂w_j) (the chain rule through
 * w_j = r_j u_j), then w_j = r_j u_j. Writes rOut and WOut; rOut may be r (in place).
 */
export function normStep(
  U: Float64Array, r: Float64Array, gW: Float64Array, eta: number, m: number, d: number, rOut: Float64Array, WOut: Float64Array,
): void {
  for (let j = 0; j < m; j++) {
    const o = j * d;
    let g = 0;
    for (let k = 0; k < d; k++) g += U[o + k] * gW[o + k];
    const rj = r[j] - eta * g;
    const rNew = rj > 0 ? rj : 0;
    rOut[j] = rNew;
    for (let k = 0; k < d; k++) WOut[o + k] = rNew * U[o + k];
  }
}
