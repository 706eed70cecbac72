import type fc from 'fast-check';
import type { Trainer } from './trainer';

/** Rung parameters, named as the paper names them (d, N, n, m, mStar, alpha, T, ...). */
export type Params = Record<string, number>;

/**
 * What the paper predicts on a rung. holds: pass rate ≥ pHold (default 0.9; 1 for exact claims);
 * fails: pass rate ≤ pFail (default 0.1; 0 for exact claims); observe: reported without a verdict.
 */
export type Expectation =
  | { outcome: 'holds'; pHold?: number; why?: string }
  | { outcome: 'fails'; pFail?: number; why?: string }
  | { outcome: 'observe'; why?: string };

export interface Rung {
  /** Short unique name within the claim, e.g. "d=5,N=15". Derived from params when omitted. */
  name?: string;
  params: Params;
  expected: Expectation;
  /** Trials for this rung (default: the claim's runs). */
  runs?: number;
}

/** The values one parameter may take. */
export interface ParamRange {
  min: number;
  max: number;
  /** Whole numbers only: a dimension, a count, a variant code. */
  integer?: boolean;
  /** Why the range ends there, in one line, e.g. "d ≤ 32: the SVD of Φ costs ∝ d⁶, 7 s a trial at d = 32". */
  why?: string;
}

/** Parameter names and their ranges. */
export type Domain = Readonly<Record<string, ParamRange>>;

/** A count given instead of its ratio to a scale, e.g. N instead of NOverNstar = N / (d(d+1)/2). */
export interface CountParam {
  /** The ratio parameter the count stands for (the ladders' parameter and the plot's x). */
  ratio: string;
  /** The scale at the rung's other parameters, e.g. N* = d(d+1)/2. */
  unit(params: Params): number;
}

export type ScaleName = 'small' | 'default' | 'large';

/** Outcome of one trial. `pass` is the claim's predicate evaluated on the trained or analysed instance. */
export interface CheckResult {
  pass: boolean;
  /** Measured quantities, reported as median and 10/90% quantiles per rung. Must be finite. */
  observables?: Record<string, number>;
  /**
   * ok (default): counted. not-scored: shown but excluded from the rate (e.g. "not fitted" within budget).
   * diverged: counted as a failure with its reason. skipped: the trainer does not support the request.
   * error: the trainer or check failed; counted as a failure with its reason.
   */
  status?: 'ok' | 'not-scored' | 'diverged' | 'skipped' | 'error';
  reason?: string;
}

export interface CheckContext {
  trainer: Trainer;
  /** The rung's parameters (the instance usually carries what it needs, this is for convenience). */
  params: Params;
}

/**
 * A claim with a threshold: the report locates it on each series (a logistic fit of the pass rate against x, or
 * log x on a log axis or for a ratio such as N/N*) and fits its exponent in the series parameter.
 */
export interface TransitionDeclaration {
  /** The scaling variable, a rung parameter (N/N*, n_b, n/d). */
  x: string;
  /** One threshold per value of this parameter (default: the plot's series), e.g. d. */
  by?: string;
  /** Only the rungs with these parameter values enter the fits, e.g. `{ loss: 0 }` for the square loss's. */
  where?: Params;
  /** Which side of the threshold the claim holds on (default: read off the rungs' holds and fails expectations). */
  holds?: 'above' | 'below';
  /** x is a count divided by by^scale (N/N*: 2, n/d: 1; default 0, x the count itself). */
  scale?: number;
  /** The paper's exponent of the count's threshold in `by` (N* ~ d²: 2; n_b ~ d^{ℓ/2}: 1.5). */
  exponent?: number;
  /** The paper's threshold on x at every `by`, where the paper fixes the constant too (N/N* = 1). */
  value?: number;
  /** The threshold in words, e.g. 'N = N* = d(d+1)/2'. */
  label: string;
}

export interface Claim<I = unknown> {
  /** `family.name`, e.g. `quadratic.recovery-threshold`. */
  id: string;
  /** Short citation: authors, year. */
  paper: string;
  /** One-line statement, the claim as the paper makes it. */
  statement: string;
  /** The theorem / equation / section the check encodes. */
  source?: string;
  /** Default trials per rung. */
  runs: number;
  /** Parameters every rung starts from; --at overrides them. */
  defaults: Params;
  /**
   * Counts a custom rung (--at) may give instead of their ratio, e.g. N for N/N*: the rung then carries both, so
   * it is named and plotted where it ran.
   */
  counts?: Readonly<Record<string, CountParam>>;
  /**
   * Every parameter a custom rung (--at) may set, with its range: the paper's setting and what a trial costs here.
   * A value outside it is bad input; every rung of the ladders lies inside it.
   */
  domain?: Domain;
  /** The parameters `space` reads (falsify --at, replay --space --at), with their ranges. */
  spaceDomain?: Domain;
  ladders: Record<ScaleName, Rung[]>;
  /** The expected outcome at any parameters: used for --at rungs. */
  expect(params: Params): Expectation;
  /** The instance arbitrary for a rung: small structural choices plus an integer seed for the heavy data. */
  instance(params: Params): fc.Arbitrary<I>;
  /** Evaluates one instance. Pure given the instance and the trainer. */
  check(instance: I, ctx: CheckContext): CheckResult | Promise<CheckResult>;
  /** The rung parameter drawn on the x axis of the report's plot, and the predicted threshold on it. */
  plot?: {
    x: string;
    /** One curve per value of this parameter (e.g. d). */
    series?: string;
    threshold?: { value: number; label: string; derived?: boolean };
    logX?: boolean;
    /** Names of a coded parameter's values (index = value), for legends: `loss: ['square', 'correlation']`. */
    labels?: Record<string, readonly string[]>;
  };
  /** Where the pass rate crosses ½ and how that moves with a size parameter: located in every report. */
  transition?: TransitionDeclaration;
  /**
   * Falsify mode: an arbitrary over rung parameters spanning the region where the claim should hold.
   * Parameters shrink first, then the instance (fast-check chain), so a failure that the parameters alone
   * decide shrinks all the way to the smallest parameters.
   */
  space?(params: Params): fc.Arbitrary<Params>;
  /** Reference values printed beside measured ones (paper or calibration), keyed by observable name. */
  reference?(params: Params): Record<string, number> | undefined;
  /** Extra notes printed under the claim's table (calibration, what is derived). */
  notes?: string[];
}

export function rungName(rung: Rung): string {
  return rung.name ?? Object.entries(rung.params).map(([k, v]) => `${k}=${formatParam(v)}`).join(',');
}

export function formatParam(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}
