// The shape of report.json: what a run produces and every report format, the diff and the vitest reporter read.
import type { Params, TransitionDeclaration } from './claim';

/** Median and 10/90% quantiles of an observable over a rung's trials. */
export interface Summary {
  median: number;
  q10: number;
  q90: number;
}

/** The statistical verdict of a gated rung on its scored trials. */
export type RateVerdict = 'agrees' | 'disagrees' | 'inconclusive';
export type RungVerdict = RateVerdict | 'not-checked' | 'observed';
export type ClaimVerdict = RateVerdict | 'not-checked' | 'observe-only';
/** What a run says as a whole, in the order of precedence of the exit code. */
export type RunOutcome = 'did-not-train' | 'disagrees' | 'not-checked' | 'agrees';


/** A gated rung that was not scored, and why. */
export interface UncheckedRung {
  claim: string;
  rung: string;
  /** Every unscored trial was one the trainer declined (supports() answered false). */
  unsupported: boolean;
  why: string;
}

export interface RunSummary {
  outcome: RunOutcome;
  exitCode: number;
  claims: Record<ClaimVerdict, number>;
  rungs: Record<RungVerdict, number>;
  /** Claims with a gated rung that disagrees or stays inconclusive. */
  failing: string[];
  notChecked: UncheckedRung[];
  /** Set when rungs the trainer declined (only those) were let through: `--allow-unsupported`. */
  allowUnsupported?: true;
}

/** One standard problem and what the trainer did on it. */
export interface TrainerProbe {
  name: string;
  /** The trainer answered false to supports(): the probe says nothing about it. */
  supported: boolean;
  pass: boolean;
  /** Loss on the whole data: at the initial weights, at the trainer's, at the reference's after half the steps and after all of them. */
  loss?: { initial: number; trained: number; referenceHalf: number; reference: number };
  /** ‖θ_T − θ_0‖ of each layer the request trains, the trainer's and the reference's (after all the steps). */
  moved?: Record<string, { trained: number; reference: number }>;
  /** Largest change of each layer the request freezes, relative to its largest entry. */
  frozen?: Record<string, number>;
  /** Why the probe failed. */
  why?: string;
}

export interface TrainerCheck {
  trainer: string;
  /** Every supported probe passed (and at least one was supported). */
  pass: boolean;
  probes: TrainerProbe[];
  /** Why the check could not be made (its worker died, a request outlived its timeout): then it did not pass. */
  reason?: string;
}


export interface Counterexample {
  /** fast-check seed and shrink path: `theorycheck replay ID --seed S --path P --at ...` reproduces it. */
  seed: number;
  path?: string;
  params: Params;
  /** The (shrunk) instance: structural choices and data seed. */
  instance: unknown;
  observables: Record<string, number>;
  reason?: string;
  /** The shrunk instance failed while shrinking and not when re-run: reported, not trusted. */
  flaky?: boolean;
  shrinks: number;
  replay: string;
}

export interface RungResult {
  scale: { name: string; params: Params };
  /** Scored trials: they enter the pass rate. */
  runs: number;
  passes: number;
  passRate: number;
  /** Wilson 95% interval of the pass rate. */
  interval: [number, number];
  expected: 'holds' | 'fails' | 'observe';
  /** pHold for holds, pFail for fails. */
  target?: number;
  verdict: RungVerdict;
  /** Gated rungs: the smallest miss of the target its scored trials can call a disagreement (verdict.ts). */
  detectableGap?: number;
  /** Trials drawn, including those not scored. */
  trials: number;
  /** Set when sequential stopping drew fewer trials than the rung's count: that count. */
  planned?: number;
  /** Set when `--bail` stopped the run before this rung finished: the rung whose disagreement stopped it. */
  bailed?: string;
  /** Placed on the claim's transition by `run --locate` (not a rung of the ladder). */
  placed?: true;
  notScored: number;
  diverged: number;
  errors: number;
  skipped: number;
  /** Distinct reasons given by failed, skipped or not-scored trials (first few). */
  reasons: string[];
  observables: Record<string, Summary>;
  reference?: Record<string, number>;
  /** Seeds of the first failing trials, each replayable alone. */
  failingSeeds: number[];
  counterexample?: Counterexample;
  seconds: number;
}

/** The threshold located on one series (one value of the `by` parameter), or why it was not. */
export interface TransitionSeries {
  /** The value of the `by` parameter (absent when the claim has one series). */
  at?: number;
  /** Scored rungs and trials that entered the fit. */
  rungs: number;
  trials: number;
  /** The maximum-likelihood 50% point on x; absent when not located, or when the rungs separate (wholly or but for one x). */
  x50?: number;
  /** 95% profile-likelihood interval of the 50% point on x; the bracket between rungs when they separate. */
  interval?: [number, number];
  /** Every trial on one side of the bracket failed and every one on the other side passed. */
  separated?: boolean;
  /** The rungs separate but for those at this x: the best fit is a step there, so there is no 50% point to give. */
  stepAt?: number;
  /** The fitted curve P(pass) = 1/(1 + exp(−(a + b·t))), t = x or log x (absent when separated: a step). */
  curve?: { a: number; b: number };
  /** Why no threshold was located. */
  reason?: string;
}

/** How the threshold moves with `by`: threshold of the count ∝ by^exponent. */
export interface TransitionScaling {
  /** The fitted exponent of the threshold on x itself, and its 95% interval (no point when fitted to brackets). */
  fitted?: number;
  fittedInterval?: [number, number];
  /** The exponent of the count (x·by^scale): scale + the fitted exponent, with its interval. */
  value?: number;
  interval?: [number, number];
  method?: 'weighted least squares' | 'brackets';
  /** The paper's exponent, and whether it lies inside the interval. */
  paper?: number;
  agrees?: boolean;
  /** The interval holds 0 too (a threshold that does not move with the size): it cannot test the paper's exponent. */
  tooWide?: true;
  reason?: string;
}

/** What `run --locate` did on a claim's transition, series by series. */
export interface LocateLog {
  /** The relative width (length over middle) asked of every threshold's interval. */
  width: number;
  series: {
    /** The value of the `by` parameter (absent when the claim has one series). */
    at?: number;
    /** Rungs placed on the series. */
    added: number;
    /** Why no further rung was placed. */
    stop: string;
    /** The interval came under the width asked. */
    narrowEnough?: true;
  }[];
}

/** The claim's declaration with its defaults resolved, and what the rungs say. */
export interface Transition extends TransitionDeclaration {
  /** Fitted on log x (a log axis, or a ratio to the paper's scale). */
  log: boolean;
  /** The claim holds above the threshold (passes rise with x), or below it. */
  rising?: boolean;
  series: TransitionSeries[];
  /** The exponent of the located thresholds in `by` (when there is a `by`). */
  scaling?: TransitionScaling;
  /** Set when `run --locate` placed rungs on the transition. */
  locate?: LocateLog;
}

export interface ClaimResult {
  id: string;
  paper: string;
  statement: string;
  source?: string;
  notes?: string[];
  plot?: { x: string; series?: string; threshold?: { value: number; label: string; derived?: boolean }; logX?: boolean; labels?: Record<string, readonly string[]> };
  results: RungResult[];
  /** Where the pass rate crosses ½ on each series, and its exponent (core/stats/transition.ts). */
  transition?: Transition;
  /** From the rungs' verdicts (verdict.ts): what every output shows for the claim. */
  verdict: ClaimVerdict;
  seconds: number;
}

export interface Report {
  version: 2;
  seed: number;
  trainer: string;
  scale: string;
  /** Set on the report of one shard (`run --shard I/N`): its rates cover only that shard's trials. */
  shard?: { index: number; count: number };
  startedAt: string;
  seconds: number;
  /** The did-it-train check run before the claims (absent where no trainer ran: merge, vitest). */
  trainerCheck?: TrainerCheck;
  /** The run's verdict and its exit code, from the claims and the trainer check (verdict.ts). */
  summary: RunSummary;
  claims: ClaimResult[];
}

/** Fields that measure time; everything else in a report is a pure function of seed, trainer and flags. */
export const TIMING_FIELDS = ['startedAt', 'seconds'] as const;
