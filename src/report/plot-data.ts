// The data behind a claim's plot: which rung parameter is the x axis, which rungs form one curve, and the
// points (pass rate with its interval; measured observables against their reference values).
import type { Params } from '../contract/claim';
import { formatParam } from '../contract/claim';
import type { ClaimResult, RungResult } from '../contract/report';

/** A reference keyed by this name is a predicted pass rate: drawn on the rate plot, not beside it. */
export const RATE_REFERENCE = 'passRate';

interface RatePoint {
  x: number;
  curve: string;
  rung: string;
  rate: number;
  lo: number;
  hi: number;
  runs: number;
  expected: RungResult['expected'];
  verdict: RungResult['verdict'];
  /** The predicted pass rate, when the claim gives one for this rung. */
  theory?: number;
}

interface TheoryPoint {
  observable: string;
  x: number;
  curve: string;
  rung: string;
  reference: number;
  /** The measured summary, absent when no trial of the rung reported the observable. */
  median?: number;
  q10?: number;
  q90?: number;
}

/** A point of the logistic curve fitted to a series (core/stats/transition.ts). */
interface FitPoint {
  x: number;
  curve: string;
  rate: number;
}

/** A located threshold: its interval on x, and its 50% point when the rungs do not separate. */
/** The vertical distance between the located thresholds' bars, as a share of the pass-rate axis. */
const BAR_SPACING = 0.03;

interface LocatedThreshold {
  curve: string;
  lo: number;
  hi: number;
  /** Where its bar is drawn: ½, moved up or down by series so that series sharing a bracket stay apart. */
  y: number;
  x50?: number;
}

export interface PlotData {
  x: string;
  logX: boolean;
  /** Parameters that separate the curves, the claim's series first. Empty: one curve. */
  curveBy: string[];
  curves: string[];
  rates: RatePoint[];
  /** Observables with reference values, in first-seen order. */
  observables: string[];
  theory: TheoryPoint[];
  threshold?: { value: number; label: string; derived?: boolean };
  /** The fitted curves and located thresholds of the claim's transition, on curves of the plot. */
  fits: FitPoint[];
  located: LocatedThreshold[];
  /** Rungs not drawn, with why (no scored trial; no value for the x parameter). */
  omitted: { rung: string; why: string }[];
}

/** Parameter names in first-seen order over the rungs. */
function paramNames(results: readonly RungResult[]): string[] {
  return [...new Set(results.flatMap((r) => Object.keys(r.scale.params)))];
}

function varies(results: readonly RungResult[], name: string): boolean {
  return new Set(results.map((r) => r.scale.params[name])).size > 1;
}

/** The claim's x parameter, else the first rung parameter that varies, else the first there is. */
export function xParam(claim: ClaimResult): string | undefined {
  if (claim.plot?.x) return claim.plot.x;
  const names = paramNames(claim.results);
  return names.find((n) => varies(claim.results, n)) ?? names[0];
}

/** A curve's name in the legend: `d=16`, or a coded parameter's own name for its value (`correlation`). */
export function curveLabel(params: Params, curveBy: readonly string[], labels: NonNullable<ClaimResult['plot']>['labels'] = {}): string {
  const part = (k: string) => {
    const v = params[k];
    if (v === undefined) return `${k}=–`;
    return labels[k]?.[v] ?? `${k}=${formatParam(v)}`;
  };
  return curveBy.length === 0 ? 'all rungs' : curveBy.map(part).join(', ');
}

export function plotData(claim: ClaimResult): PlotData | undefined {
  const x = xParam(claim);
  if (x === undefined) return undefined;
  const omitted: PlotData['omitted'] = [];
  const onAxis = claim.results.filter((r) => {
    if (typeof r.scale.params[x] === 'number' && Number.isFinite(r.scale.params[x])) return true;
    omitted.push({ rung: r.scale.name, why: `no value for ${x}` });
    return false;
  });
  if (onAxis.length === 0) return undefined;
  // Every other parameter that varies splits the curves, so no curve joins rungs that differ in more than x.
  const series = claim.plot?.series;
  const others = paramNames(onAxis).filter((n) => n !== x && varies(onAxis, n));
  const curveBy = series && others.includes(series) ? [series, ...others.filter((n) => n !== series)] : others;
  const logX = Boolean(claim.plot?.logX) && onAxis.every((r) => r.scale.params[x] > 0);

  const rates: RatePoint[] = [];
  const theory: TheoryPoint[] = [];
  const observables: string[] = [];
  for (const r of onAxis) {
    const base = { x: r.scale.params[x], curve: curveLabel(r.scale.params, curveBy, claim.plot?.labels), rung: r.scale.name };
    const reference = r.reference ?? {};
    if (r.runs === 0) omitted.push({ rung: r.scale.name, why: 'no scored trial' });
    else {
      const rate = reference[RATE_REFERENCE];
      rates.push({ ...base, rate: r.passRate, lo: r.interval[0], hi: r.interval[1], runs: r.runs, expected: r.expected, verdict: r.verdict, ...(rate !== undefined ? { theory: rate } : {}) });
    }
    for (const [observable, value] of Object.entries(reference)) {
      if (observable === RATE_REFERENCE || !Number.isFinite(value)) continue;
      if (!observables.includes(observable)) observables.push(observable);
      const s = r.observables[observable];
      theory.push({ observable, ...base, reference: value, ...(s ? { median: s.median, q10: s.q10, q90: s.q90 } : {}) });
    }
  }
  const curves = [...new Set([...rates, ...theory].map((p) => p.curve))];
  const { fits, located } = transitionOf(claim, x, curveBy, rates);
  return { x, logX, curveBy, curves, rates, observables, theory, ...(claim.plot?.threshold ? { threshold: claim.plot.threshold } : {}), fits, located, omitted };
}

/** Points per fitted curve: smooth at the plot's width. */
const FIT_POINTS = 48;

/** The transition's curves and thresholds on the plot's curves (only when it is located on the plot's x). */
function transitionOf(claim: ClaimResult, x: string, curveBy: readonly string[], rates: readonly RatePoint[]): Pick<PlotData, 'fits' | 'located'> {
  const t = claim.transition;
  const fits: FitPoint[] = [];
  const located: LocatedThreshold[] = [];
  if (!t || t.x !== x) return { fits, located };
  for (const s of t.series) {
    if (!s.interval) continue;
    const params = { ...t.where, ...(t.by !== undefined && s.at !== undefined ? { [t.by]: s.at } : {}) };
    const curve = curveLabel(params, curveBy, claim.plot?.labels);
    const xs = rates.filter((p) => p.curve === curve).map((p) => p.x);
    if (!xs.length) continue;
    located.push({ curve, lo: s.interval[0], hi: s.interval[1], y: 0.5, ...(s.x50 !== undefined ? { x50: s.x50 } : {}) });
    if (!s.curve) continue;
    const toT = (v: number) => (t.log ? Math.log(v) : v);
    const [first, last] = [Math.min(...xs), Math.max(...xs)];
    const [lo, hi] = [toT(first), toT(last)];
    for (let i = 0; i < FIT_POINTS; i++) {
      const u = lo + ((hi - lo) * i) / (FIT_POINTS - 1);
      // From the first rung to the last exactly, not to exp(log x).
      const at = i === 0 ? first : i === FIT_POINTS - 1 ? last : t.log ? Math.exp(u) : u;
      fits.push({ x: at, curve, rate: 1 / (1 + Math.exp(-(s.curve.a + s.curve.b * toT(at)))) });
    }
  }
  // Bars stacked around ½, a fixed share of the axis apart, in series order: equal brackets would hide each other.
  located.forEach((l, k) => (l.y = 0.5 + (k - (located.length - 1) / 2) * BAR_SPACING));
  return { fits, located };
}
