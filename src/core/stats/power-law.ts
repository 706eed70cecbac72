// How a threshold moves with a size parameter: threshold_d = c·d^κ, fitted to the thresholds located at each d
// (threshold.ts) as log threshold = log c + κ·log d.
// - Every d with a point estimate: weighted least squares, each d weighted by its interval read as ±1.96 standard
//   errors (in log threshold), and κ's 95% interval from those errors, widened by √(χ²/dof) when the points scatter
//   about the line more than their errors allow (three d or more).
// - Some d known only as a bracket (its rungs separate): no point to fit, so the interval is every κ for which some
//   c·d^κ passes through every d's interval (a two-variable feasibility problem, solved over pairs of d).
import { Z95 } from './stats';

/** A threshold located at one d, all on logs: log d, the log of the point (absent: a bracket) and of its interval. */
export interface LogThreshold {
  logD: number;
  point?: number;
  lo: number;
  hi: number;
}

export type ExponentFit =
  | { located: true; method: 'weighted least squares'; kappa: number; interval: [number, number] }
  | { located: true; method: 'brackets'; interval: [number, number] }
  | { located: false; reason: string };

/** κ of log threshold = log c + κ·log d with its 95% interval. */
export function fitExponent(thresholds: readonly LogThreshold[]): ExponentFit {
  const ds = new Set(thresholds.map((p) => p.logD));
  if (ds.size < 2) return { located: false, reason: `a threshold located at ${ds.size === 0 ? 'no' : 'one'} value of the size parameter: an exponent needs two at least` };
  for (const p of thresholds) {
    if (![p.logD, p.lo, p.hi].every(Number.isFinite) || !(p.lo <= p.hi)) throw new Error(`fitExponent: interval [${p.lo}, ${p.hi}] at log d = ${p.logD}`);
  }
  return thresholds.every((p) => p.point !== undefined && p.hi > p.lo) ? leastSquares(thresholds) : brackets(thresholds);
}

function leastSquares(points: readonly LogThreshold[]): ExponentFit {
  const w = points.map((p) => ((2 * Z95) / (p.hi - p.lo)) ** 2);
  const W = w.reduce((a, b) => a + b, 0);
  const xBar = points.reduce((a, p, i) => a + w[i] * p.logD, 0) / W;
  const yBar = points.reduce((a, p, i) => a + w[i] * (p.point as number), 0) / W;
  let sxx = 0;
  let sxy = 0;
  for (const [i, p] of points.entries()) {
    sxx += w[i] * (p.logD - xBar) ** 2;
    sxy += w[i] * (p.logD - xBar) * ((p.point as number) - yBar);
  }
  const kappa = sxy / sxx;
  let variance = 1 / sxx;
  const dof = points.length - 2;
  if (dof > 0) {
    const chi2 = points.reduce((a, p, i) => a + w[i] * ((p.point as number) - yBar - kappa * (p.logD - xBar)) ** 2, 0);
    variance *= Math.max(1, chi2 / dof);
  }
  const half = Z95 * Math.sqrt(variance);
  return { located: true, method: 'weighted least squares', kappa, interval: [kappa - half, kappa + half] };
}

function brackets(points: readonly LogThreshold[]): ExponentFit {
  // Some c fits every d iff for every pair i, j with log d_i > log d_j: lo_i − hi_j ≤ κ·(log d_i − log d_j) ≤ hi_i − lo_j.
  let lower = Number.NEGATIVE_INFINITY;
  let upper = Number.POSITIVE_INFINITY;
  for (const a of points) {
    for (const b of points) {
      const dx = a.logD - b.logD;
      if (!(dx > 0)) continue;
      lower = Math.max(lower, (a.lo - b.hi) / dx);
      upper = Math.min(upper, (a.hi - b.lo) / dx);
    }
  }
  if (lower > upper) return { located: false, reason: 'no power law c·d^κ passes through every interval' };
  return { located: true, method: 'brackets', interval: [lower, upper] };
}
