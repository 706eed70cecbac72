// A claim's transition from its rung results: the rungs its declaration selects, grouped by the series parameter,
// each group's 50% point (threshold.ts) and the exponent of those points in the series parameter (power-law.ts).
import type { Claim, Params } from '../../contract/claim';
import type { RungResult, Transition, TransitionScaling, TransitionSeries } from '../../contract/report';
import { fitExponent } from './power-law';
import { locateThreshold } from './threshold';

/** What locating needs of a claim's transition: its declaration with the defaults resolved. */
export type TransitionSpec = Omit<Transition, 'series' | 'scaling' | 'rising'>;

/**
 * The claim's declaration with its defaults: `by` is the plot's series; x is fitted on a log scale when the plot draws
 * it so, or when it is a ratio to the paper's scale (a count the claim lets --at give for it, e.g. N for N/N*).
 */
export function transitionSpec(claim: Pick<Claim, 'transition' | 'plot' | 'counts'>): TransitionSpec | undefined {
  const t = claim.transition;
  if (!t) return undefined;
  const by = t.by ?? claim.plot?.series;
  const ratio = Object.values(claim.counts ?? {}).some((c) => c.ratio === t.x);
  const log = ratio || (claim.plot?.x === t.x && Boolean(claim.plot.logX));
  return { ...t, ...(by !== undefined ? { by } : {}), log };
}

function selects(spec: TransitionSpec, params: Params): boolean {
  if (!Number.isFinite(params[spec.x]) || (spec.log && !(params[spec.x] > 0))) return false;
  if (spec.by !== undefined && !Number.isFinite(params[spec.by])) return false;
  return Object.entries(spec.where ?? {}).every(([k, v]) => params[k] === v);
}

/** Which side holds, from the selected rungs' expectations: holds rungs above the fails rungs, or below. */
function risingOf(rungs: readonly RungResult[], t: (r: RungResult) => number): boolean | undefined {
  const mean = (outcome: RungResult['expected']) => {
    const ts = rungs.filter((r) => r.expected === outcome).map(t);
    return ts.length ? ts.reduce((a, b) => a + b, 0) / ts.length : undefined;
  };
  const holds = mean('holds');
  const fails = mean('fails');
  return holds === undefined || fails === undefined || holds === fails ? undefined : holds > fails;
}

function seriesOf(spec: TransitionSpec, rungs: readonly RungResult[], rising: boolean | undefined, at?: number): TransitionSeries {
  const scored = rungs.filter((r) => r.runs > 0);
  const base: TransitionSeries = { ...(at !== undefined ? { at } : {}), rungs: scored.length, trials: scored.reduce((a, r) => a + r.runs, 0) };
  // With fewer than two rungs the fit says so itself, whichever side holds.
  if (rising === undefined && new Set(scored.map((r) => r.scale.params[spec.x])).size > 1) {
    return { ...base, reason: 'no holds and fails rungs to tell which side of the threshold holds' };
  }
  const toT = (x: number) => (spec.log ? Math.log(x) : x);
  // An end on a rung is that rung's x exactly, not exp(log x).
  const rungX = new Map(scored.map((r) => [toT(r.scale.params[spec.x]), r.scale.params[spec.x]]));
  const fromT = (t: number) => rungX.get(t) ?? (spec.log ? Math.exp(t) : t);
  const fit = locateThreshold(
    {
      t: Float64Array.from(scored, (r) => toT(r.scale.params[spec.x])),
      passes: Float64Array.from(scored, (r) => r.passes),
      runs: Float64Array.from(scored, (r) => r.runs),
    },
    rising ?? true,
  );
  if (!fit.located) return { ...base, reason: fit.reason };
  return {
    ...base,
    ...(fit.t50 !== undefined ? { x50: fromT(fit.t50) } : {}),
    interval: [fromT(fit.interval[0]), fromT(fit.interval[1])],
    separated: fit.separated,
    ...(fit.stepAt !== undefined ? { stepAt: fromT(fit.stepAt) } : {}),
    ...(fit.t50 !== undefined && fit.slope !== undefined ? { curve: { a: -fit.slope * fit.t50, b: fit.slope } } : {}),
  };
}

function scalingOf(spec: TransitionSpec, series: readonly TransitionSeries[]): TransitionScaling {
  const paper = spec.exponent !== undefined ? { paper: spec.exponent } : {};
  const located = series.filter((s) => s.interval !== undefined && s.at !== undefined);
  const positive = located.filter((s) => s.at! > 0 && s.interval![0] > 0);
  if (positive.length < located.length) return { ...paper, reason: `a power law needs positive thresholds and ${spec.by} (${spec.x} is not on a log scale here)` };
  const fit = fitExponent(located.map((s) => ({ logD: Math.log(s.at!), ...(s.x50 !== undefined ? { point: Math.log(s.x50) } : {}), lo: Math.log(s.interval![0]), hi: Math.log(s.interval![1]) })));
  if (!fit.located) return { ...paper, reason: fit.reason };
  const scale = spec.scale ?? 0;
  const interval: [number, number] = [scale + fit.interval[0], scale + fit.interval[1]];
  return {
    ...(fit.method === 'weighted least squares' ? { fitted: fit.kappa, value: scale + fit.kappa } : {}),
    fittedInterval: fit.interval,
    interval,
    method: fit.method,
    ...paper,
    ...(spec.exponent !== undefined ? judged(spec.exponent, interval) : {}),
  };
}

/**
 * Whether the paper's exponent lies inside the interval. An interval that holds 0 as well cannot tell a threshold
 * that moves with the size from one that stays: it is too wide to test the paper's, and agrees with nothing.
 */
function judged(exponent: number, interval: [number, number]): Pick<TransitionScaling, 'agrees' | 'tooWide'> {
  if (exponent !== 0 && interval[0] <= 0 && interval[1] >= 0) return { tooWide: true };
  return { agrees: interval[0] <= exponent && exponent <= interval[1] };
}

/** The transition of a claim's rung results: one located threshold per value of `by`, and their exponent. */
export function locateTransition(spec: TransitionSpec, results: readonly RungResult[]): Transition {
  const { series: _series, scaling: _scaling, rising: _rising, ...declared } = spec as Transition;
  const rungs = results.filter((r) => selects(spec, r.scale.params));
  const rising = spec.holds ? spec.holds === 'above' : risingOf(rungs, (r) => (spec.log ? Math.log(r.scale.params[spec.x]) : r.scale.params[spec.x]));
  const groups = new Map<number | undefined, RungResult[]>();
  for (const r of rungs) {
    const at = spec.by === undefined ? undefined : r.scale.params[spec.by];
    groups.set(at, [...(groups.get(at) ?? []), r]);
  }
  const keys = [...groups.keys()].sort((a, b) => (a ?? 0) - (b ?? 0));
  const series = keys.map((at) => seriesOf(spec, groups.get(at)!, rising, at));
  return {
    ...declared,
    ...(rising !== undefined ? { rising } : {}),
    series,
    ...(spec.by !== undefined ? { scaling: scalingOf(spec, series) } : {}),
  };
}
