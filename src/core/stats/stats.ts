import type { Summary } from '../../contract/report';

/** The standard normal's 97.5% point: two-sided 95% intervals. */
export const Z95 = 1.959963984540054;

/** Wilson score interval for a binomial proportion (95% by default); [0, 1] when there are no trials. */
export function wilson(passes: number, runs: number, z = Z95): [number, number] {
  if (runs === 0) return [0, 1];
  const p = passes / runs;
  const z2 = z * z;
  const denom = 1 + z2 / runs;
  const centre = (p + z2 / (2 * runs)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / runs + z2 / (4 * runs * runs));
  // The bounds are exactly 0 at no passes and 1 at all passes; centre ∓ half only rounds to them.
  const lo = passes === 0 ? 0 : Math.max(0, centre - half);
  const hi = passes === runs ? 1 : Math.min(1, centre + half);
  return [lo, hi];
}

/** Default targets of a gated rung (DESIGN: holds ≥ 0.9, fails ≤ 0.1; exact claims set 1 and 0). */
export const DEFAULT_P_HOLD = 0.9;
export const DEFAULT_P_FAIL = 0.1;

/** Linear-interpolated quantile (numpy's default) of an ascending-sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarise(values: number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  return { median: quantileSorted(sorted, 0.5), q10: quantileSorted(sorted, 0.1), q90: quantileSorted(sorted, 0.9) };
}
