// Where `run --locate` puts its next rung on a series: inside the 95% interval of the threshold, at the point that
// shrinks it most, until the interval is narrower than asked or no new rung fits inside it.
//
// A step that the rungs bracket (every trial failed below, every one passed above) is halved at its middle, as a
// bisection. A fitted curve gets its next rung at the fitted 50% point, where a trial says most about the point;
// when a rung already sits there, at the middle of the wider half of the interval beside it. On a log scale
// (ratios such as N/N*, log axes) the middles are geometric. The rung's x is snapped to a value the claim can run
// (a whole count of samples for N/N*); a snapped x on an end of the interval, or on a rung already run, adds
// nothing, and when every candidate does so the interval is as narrow as the scaling variable allows.
import type { TransitionSeries } from '../../contract/report';

/** The relative width of an interval: its length over its middle (0.1 for [0.95, 1.05]); ∞ around 0. */
export function relativeWidth(interval: readonly [number, number]): number {
  const middle = Math.abs(interval[0] + interval[1]) / 2;
  return middle > 0 ? (interval[1] - interval[0]) / middle : Number.POSITIVE_INFINITY;
}

export type Probe = { x: number } | { stop: string; narrowEnough?: true };

export interface ProbeSetting {
  /** x is fitted on log x. */
  log: boolean;
  /** The relative width (relativeWidth) the interval must come under. */
  width: number;
  /** The x values of the series' rungs already run. */
  xs: readonly number[];
  /** The runnable x nearest to x (a whole count), or undefined where the claim cannot run one (outside its domain). */
  snap(x: number): number | undefined;
}

/** The next rung's x on a located series, or why the series needs none. */
export function nextProbe(series: TransitionSeries, setting: ProbeSetting): Probe {
  if (!series.interval) return { stop: `not located: ${series.reason ?? 'no interval'}` };
  const [lo, hi] = series.interval;
  if (relativeWidth(series.interval) <= setting.width) return { stop: `interval narrower than ${setting.width}`, narrowEnough: true };
  const toT = (x: number) => (setting.log ? Math.log(x) : x);
  const fromT = (t: number) => (setting.log ? Math.exp(t) : t);
  const a = toT(lo);
  const b = toT(hi);
  const centre = series.x50 ?? series.stepAt;
  const candidates: number[] = [];
  if (centre === undefined || series.separated) candidates.push((a + b) / 2);
  else {
    const c = toT(centre);
    const halves = [(a + c) / 2, (c + b) / 2];
    if (c - a < b - c) halves.reverse();
    candidates.push(...(series.x50 !== undefined ? [c] : []), ...halves);
  }
  for (const t of candidates) {
    const x = setting.snap(fromT(t));
    if (x === undefined || !(x > lo && x < hi)) continue;
    if (setting.xs.some((seen) => sameX(seen, x))) continue;
    return { x };
  }
  return { stop: 'no runnable rung left inside the interval: the resolution of the scaling variable is reached' };
}

/** The same x up to rounding: a ratio recomputed from its count differs from the rung's in the last bits. */
function sameX(a: number, b: number): boolean {
  return Math.abs(a - b) <= 8 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
}
