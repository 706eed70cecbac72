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
  return { x, logX, curveBy, curves, rates, observables, theory, ...(claim.plot?.threshold ? { threshold: claim.plot.threshold } : {}), omitted };
}
