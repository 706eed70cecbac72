// Where a pass rate crosses ½. A monotone logistic curve P(pass) = σ(β·s·(t − t50)), β ≥ 0, with the side that
// holds fixed (s = +1: passes above the threshold, −1: below), fitted by maximum likelihood to per-rung binomial
// counts (the same likelihood as the trials one by one). The interval of t50 is by profile likelihood: every t50
// whose best curve (over β, β = ∞ a step included) stays within χ²₁(0.95)/2 of the best overall.
//
// The profile is quasi-concave in t50 (its superlevel sets are the directions from the origin that meet a convex
// superlevel set of the likelihood in (a, b) = (−βs·t50, βs)), so its maximum is found by a grid and golden
// section, and each end of the interval by bisection between a point inside and one outside. It may jump where a
// rung sits (a step through a rung of 0/n or n/n), so an end that falls on a rung is that rung exactly: when the
// rungs separate (every trial below a bracket fails, every one above passes) the interval is the bracket between
// the last failing and the first passing rung, and no point is made up inside it. When they separate but for the
// rungs at one x, the likelihood has no maximum (it grows towards a step there): the interval stands, no point.
//
// Coverage (test/core/stats/threshold.test.ts): near 95% where the rungs resolve the transition (their spacing
// about its 12–88% width). Where it is sharper than the spacing the model interpolates between two rungs and the
// interval covers less (0.92 measured with rungs 1 apart, slope 4, 20 trials a rung).
import { Z95 } from './stats';

/** Per-rung outcomes on the scaling variable t (x or log x). */
export interface BinomialPoints {
  t: Float64Array;
  passes: Float64Array;
  runs: Float64Array;
}

export type ThresholdFit =
  | {
      located: true;
      /**
       * The maximum-likelihood 50% point; absent when the rungs separate (any point of the bracket fits as well) or
       * separate but for one rung (the likelihood grows without bound towards a step there: no point maximises it).
       */
      t50?: number;
      interval: [number, number];
      /** Every trial on the failing side of the bracket failed and every one on the other side passed. */
      separated: boolean;
      /** The rungs separate but for those at this t: the best fit is a step through it. */
      stepAt?: number;
      /** The fitted b of σ(a + b·t) at t50 (signed; absent when separated: a step). */
      slope?: number;
    }
  | { located: false; reason: string };

/** Half the χ²₁ 95% point: the drop of the log-likelihood that bounds the interval. */
const HALF_CHI2 = (Z95 * Z95) / 2;
/** Grid points per gap between consecutive rungs, before golden section refines the best. */
const GRID = 4;
/** Bisection and golden section stop at this fraction of the rungs' span (2⁻³², far below any digit a report prints). */
const SPAN_FRACTION = 2 ** -32;
/**
 * Newton on β stops at this relative width: the profile is flat in β at its maximum, so an error δ in β moves the
 * value by O(δ²), here O(ε) relative.
 */
const BETA_TOLERANCE = Math.sqrt(Number.EPSILON);

function logSigmoid(z: number): number {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

interface Oriented {
  /** s·t: the side that holds is the larger u. */
  u: Float64Array;
  k: Float64Array;
  n: Float64Array;
}

function logLik(beta: number, p: Oriented, c: number): number {
  let sum = 0;
  for (let i = 0; i < p.u.length; i++) {
    const z = beta * (p.u[i] - c);
    // A count of zero contributes nothing (and 0·(−∞) would be NaN at β = ∞).
    if (p.k[i] > 0) sum += p.k[i] * logSigmoid(z);
    if (p.n[i] > p.k[i]) sum += (p.n[i] - p.k[i]) * logSigmoid(-z);
  }
  return sum;
}

/** The best log-likelihood at the threshold c (on u) over β ≥ 0, and that β (Infinity: a step at c). */
function profileAt(p: Oriented, c: number): { value: number; beta: number } {
  let atZero = 0;
  let atInfinity = 0;
  let spread = 0;
  for (let i = 0; i < p.u.length; i++) {
    const v = p.u[i] - c;
    atZero += v * (p.k[i] - p.n[i] / 2);
    // d/dβ as β → ∞: the rungs on the holding side lose their failures, the others their passes.
    if (v > 0) atInfinity += v * (p.k[i] - p.n[i]);
    else if (v < 0) atInfinity += v * p.k[i];
    spread = Math.max(spread, Math.abs(v));
  }
  if (atZero <= 0 || spread === 0) return { value: logLik(0, p, c), beta: 0 };
  if (atInfinity === 0) {
    // Separated at c: the step's only loss is the rungs sitting exactly on it, at ½.
    let value = 0;
    for (let i = 0; i < p.u.length; i++) if (p.u[i] === c) value -= p.n[i] * Math.LN2;
    return { value, beta: Number.POSITIVE_INFINITY };
  }
  const gradient = (beta: number) => {
    let g = 0;
    for (let i = 0; i < p.u.length; i++) {
      const v = p.u[i] - c;
      g += v * (p.k[i] - p.n[i] * sigmoid(beta * v));
    }
    return g;
  };
  const curvature = (beta: number) => {
    let h = 0;
    for (let i = 0; i < p.u.length; i++) {
      const v = p.u[i] - c;
      const s = sigmoid(beta * v);
      h -= p.n[i] * v * v * s * (1 - s);
    }
    return h;
  };
  // The log-likelihood is concave in β: bracket the root of its derivative, then safeguarded Newton.
  let lo = 0;
  let hi = 1 / spread;
  while (gradient(hi) > 0) {
    lo = hi;
    hi *= 2;
  }
  let beta = (lo + hi) / 2;
  while (hi - lo > BETA_TOLERANCE * hi) {
    const g = gradient(beta);
    if (g > 0) lo = beta;
    else if (g < 0) hi = beta;
    else break;
    const h = curvature(beta);
    const newton = h < 0 ? beta - g / h : Number.NaN;
    const next = newton > lo && newton < hi ? newton : (lo + hi) / 2;
    const step = Math.abs(next - beta);
    beta = next;
    if (step <= BETA_TOLERANCE * beta) break;
  }
  return { value: logLik(beta, p, c), beta };
}

/**
 * Newton steps on (a, b) of σ(a + b·u) from a maximum found to √ε by golden section (the likelihood is flat to second
 * order there), to full precision; kept only while the likelihood does not drop and b stays on the holding side.
 */
function polish(p: Oriented, c: number, beta: number): { c: number; beta: number } {
  let a = -beta * c;
  let b = beta;
  let best = logLik(b, p, -a / b);
  for (let step = 0; step < 8; step++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < p.u.length; i++) {
      const q = sigmoid(a + b * p.u[i]);
      const r = p.k[i] - p.n[i] * q;
      const w = p.n[i] * q * (1 - q);
      ga += r;
      gb += r * p.u[i];
      haa += w;
      hab += w * p.u[i];
      hbb += w * p.u[i] * p.u[i];
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const nextA = a + (hbb * ga - hab * gb) / det;
    const nextB = b + (haa * gb - hab * ga) / det;
    if (!(nextB > 0)) break;
    const value = logLik(nextB, p, -nextA / nextB);
    if (!(value >= best)) break;
    const moved = Math.abs(nextB - b) <= BETA_TOLERANCE * BETA_TOLERANCE * b;
    [a, b, best] = [nextA, nextB, value];
    if (moved) break;
  }
  return { c: -a / b, beta: b };
}

/** Golden-section search for the maximum of a unimodal f on [a, b]. */
function goldenMax(f: (x: number) => number, a: number, b: number, tolerance: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let x1 = b - r * (b - a);
  let x2 = a + r * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  while (b - a > tolerance) {
    if (f1 >= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - r * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + r * (b - a);
      f2 = f(x2);
    }
  }
  return f1 >= f2 ? x1 : x2;
}

/** The boundary between `inside` (profile ≥ cutoff) and `outside`, to tolerance; returns the outside end (conservative). */
function bisect(f: (x: number) => number, cutoff: number, inside: number, outside: number, tolerance: number): number {
  while (Math.abs(outside - inside) > tolerance) {
    const mid = (inside + outside) / 2;
    if (f(mid) >= cutoff) inside = mid;
    else outside = mid;
  }
  return outside;
}

/**
 * The 50% point of a monotone logistic fit and its 95% profile-likelihood interval, on the scaling variable t.
 * `rising`: the claim holds above the threshold (passes grow with t). Not located when fewer than two distinct
 * rungs were scored, or when the interval reaches past the outermost rung (no crossing of ½ within the rungs).
 */
export function locateThreshold(points: BinomialPoints, rising: boolean): ThresholdFit {
  const s = rising ? 1 : -1;
  const keep: number[] = [];
  for (let i = 0; i < points.t.length; i++) {
    if (!(Number.isFinite(points.t[i]) && points.runs[i] > 0)) continue;
    if (!(points.passes[i] >= 0 && points.passes[i] <= points.runs[i])) throw new Error(`locateThreshold: ${points.passes[i]} passes of ${points.runs[i]} runs`);
    keep.push(i);
  }
  const p: Oriented = {
    u: Float64Array.from(keep, (i) => s * points.t[i]),
    k: Float64Array.from(keep, (i) => points.passes[i]),
    n: Float64Array.from(keep, (i) => points.runs[i]),
  };
  const rungs = [...new Set(p.u)].sort((a, b) => a - b);
  if (rungs.length < 2) return { located: false, reason: rungs.length ? 'one scored rung: a threshold needs rungs on both sides' : 'no scored rung' };
  // A monotone fit with the wrong sign would sit at β = 0: say so rather than report an interval past the rungs.
  let weight = 0;
  let mean = 0;
  let passes = 0;
  for (let i = 0; i < p.u.length; i++) {
    weight += p.n[i];
    mean += p.n[i] * p.u[i];
    passes += p.k[i];
  }
  mean /= weight;
  let trend = 0;
  for (let i = 0; i < p.u.length; i++) trend += (p.u[i] - mean) * (p.k[i] - (p.n[i] * passes) / weight);
  if (!(trend > 0)) return { located: false, reason: `the pass rate does not ${rising ? 'rise' : 'fall'} with the scaling variable on these rungs` };
  const span = rungs[rungs.length - 1] - rungs[0];
  const tolerance = span * SPAN_FRACTION;
  const f = (c: number) => profileAt(p, c).value;

  // The maximum over a grid through and between the rungs, refined by golden section around the best point.
  const grid: number[] = [];
  for (let j = 0; j + 1 < rungs.length; j++) for (let q = 0; q < GRID; q++) grid.push(rungs[j] + ((rungs[j + 1] - rungs[j]) * q) / GRID);
  grid.push(rungs[rungs.length - 1]);
  const values = grid.map(f);
  let best = 0;
  for (let g = 1; g < grid.length; g++) if (values[g] > values[best]) best = g;
  const c = goldenMax(f, grid[Math.max(0, best - 1)], grid[Math.min(grid.length - 1, best + 1)], tolerance);
  const top = Math.max(f(c), values[best]);
  const centre = f(c) >= values[best] ? c : grid[best];
  const cutoff = top - HALF_CHI2;

  // Each end: the first grid point outside the cutoff, walking out from the maximum, then bisection.
  const side = (direction: 1 | -1): number | undefined => {
    let inside = centre;
    for (let g = best; g >= 0 && g < grid.length; g += direction) {
      if (direction * (grid[g] - centre) <= 0) continue;
      if (values[g] < cutoff) return bisect(f, cutoff, inside, grid[g], tolerance);
      inside = grid[g];
    }
    return undefined;
  };
  const lower = side(-1);
  const upper = side(1);
  const tOf = (u: number) => s * u;
  if (lower === undefined || upper === undefined) {
    const past = (lower === undefined) === rising ? 'smallest' : 'largest';
    return { located: false, reason: `the 95% interval reaches past the ${past} rung: no crossing of ½ within the rungs` };
  }
  // Separated: the failing trials all sit below the passing ones (on u).
  let lastFailing = Number.NEGATIVE_INFINITY;
  let firstPassing = Number.POSITIVE_INFINITY;
  for (let i = 0; i < p.u.length; i++) {
    if (p.k[i] < p.n[i]) lastFailing = Math.max(lastFailing, p.u[i]);
    if (p.k[i] > 0) firstPassing = Math.min(firstPassing, p.u[i]);
  }
  const separated = lastFailing < firstPassing;
  const interval: [number, number] = rising ? [lower, upper] : [tOf(upper), tOf(lower)];
  if (separated) return { located: true, interval, separated };
  if (lastFailing === firstPassing) return { located: true, interval, separated, stepAt: tOf(lastFailing) };
  const { beta } = profileAt(p, centre);
  if (!(Number.isFinite(beta) && beta > 0)) return { located: true, t50: tOf(centre), interval, separated };
  const mle = polish(p, centre, beta);
  return { located: true, t50: tOf(mle.c), interval, separated, slope: s * mle.beta };
}
