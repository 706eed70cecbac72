// One verdict for every output. A rung, a claim and a whole run are judged here and nowhere else: the terminal
// summary, report.json, report.md, report.html, the vitest integration, the kill matrix and the exit code all
// read what these functions return, so they cannot disagree.
//
// The rules, in the order they apply:
// - an observe rung is reported without a verdict ("observed") and never counts as agreeing;
// - a gated rung (holds or fails) whose trials were mostly not scored (the trainer declined the request, a
//   premise of the check was not met) did not test the claim: "not-checked", never a pass;
// - otherwise the pass rate against the rung's target with its Wilson 95% interval: agrees, disagrees or
//   inconclusive;
// - a claim agrees only when every gated rung was scored and agrees, and at least one of them is a holds rung:
//   a claim whose statement is only observed (every holds rung observe, its controls alone gated) is
//   "observe-only" and counted apart, even when its controls agree;
// - a run exits 0 only when the trainer passed the did-it-train check, no claim disagrees or stays
//   inconclusive, and no requested gated rung went unscored.
import type { Expectation } from '../../contract/claim';
import type { ClaimVerdict, RateVerdict, RunOutcome, RunSummary, RungVerdict, UncheckedRung } from '../../contract/report';
import { DEFAULT_P_FAIL, DEFAULT_P_HOLD, wilson } from '../stats/stats';

/** Exit codes of the command line: a run's outcome, bad input, an internal error. */
export const EXIT_CODES: Record<RunOutcome | 'input' | 'internal', number> = { agrees: 0, disagrees: 1, 'did-not-train': 1, input: 2, internal: 3, 'not-checked': 4 };

export function targetOf(expected: Expectation): number | undefined {
  if (expected.outcome === 'holds') return expected.pHold ?? DEFAULT_P_HOLD;
  if (expected.outcome === 'fails') return expected.pFail ?? DEFAULT_P_FAIL;
  return undefined;
}

/**
 * holds agrees when rate ≥ pHold, disagrees when the interval lies wholly below pHold; fails agrees when
 * rate ≤ pFail, disagrees when the interval lies wholly above pFail; otherwise inconclusive. No scored trial
 * at all is inconclusive: nothing was measured.
 */
export function rateVerdict(expected: Expectation, passes: number, runs: number): RateVerdict {
  if (runs === 0) return 'inconclusive';
  const target = targetOf(expected);
  if (target === undefined) throw new Error('rateVerdict: an observe rung has no target');
  const rate = passes / runs;
  const [lo, hi] = wilson(passes, runs);
  if (expected.outcome === 'holds') {
    if (rate >= target) return 'agrees';
    return hi < target ? 'disagrees' : 'inconclusive';
  }
  if (rate <= target) return 'agrees';
  return lo > target ? 'disagrees' : 'inconclusive';
}

/**
 * Whether a rung's scored trials are too few to stand for it: none at all, or fewer than the trials that were
 * drawn and not scored. A premise that fails in most trials (a network never fitted, a request the trainer
 * declined) means the rung did not test the claim.
 */
function tooFewScored(scored: number, trials: number): boolean {
  return scored === 0 || 2 * scored < trials;
}

export interface RungCounts {
  passes: number;
  /** Scored trials: those in the pass rate. */
  runs: number;
  /** Trials drawn, scored or not. */
  trials: number;
}

export function rungVerdict(expected: Expectation, { passes, runs, trials }: RungCounts): RungVerdict {
  if (expected.outcome === 'observe') return 'observed';
  if (tooFewScored(runs, trials)) return 'not-checked';
  return rateVerdict(expected, passes, runs);
}

/**
 * The smallest miss of the target that a gated rung with `runs` scored trials can call a disagreement: the
 * distance from the target to the nearest pass rate k/runs whose whole Wilson interval lies beyond it. A rung
 * of 8 trials at pHold 0.9 must see 62.5% to disagree (gap 0.275); of 20, 75% (gap 0.15). Undefined when no
 * outcome of that many trials could disagree.
 */
export function detectableGap(expected: Expectation, runs: number): number | undefined {
  const target = targetOf(expected);
  if (target === undefined || runs === 0) return undefined;
  if (expected.outcome === 'holds') {
    for (let k = runs; k >= 0; k--) if (wilson(k, runs)[1] < target) return target - k / runs;
    return undefined;
  }
  for (let k = 0; k <= runs; k++) if (wilson(k, runs)[0] > target) return k / runs - target;
  return undefined;
}

/**
 * disagrees if any rung disagrees; else inconclusive if any is; else not-checked if any gated rung was not
 * scored; else agrees when a holds rung agrees; otherwise (no gated holds rung) observe-only.
 */
export function claimVerdict(rungs: readonly { verdict: RungVerdict; expected: Expectation['outcome'] }[]): ClaimVerdict {
  const verdicts = new Set(rungs.map((r) => r.verdict));
  for (const v of ['disagrees', 'inconclusive', 'not-checked'] as const) if (verdicts.has(v)) return v;
  return rungs.some((r) => r.expected === 'holds' && r.verdict === 'agrees') ? 'agrees' : 'observe-only';
}

/** What the run summary needs of a rung. */
export interface JudgedRung extends RungCounts {
  scale: { name: string };
  verdict: RungVerdict;
  /** Trials the trainer declined. */
  skipped: number;
  reasons: string[];
  bailed?: string;
}

export interface SummaryOptions {
  /** The trainer failed the did-it-train check: the run fails whatever the claims say. */
  didNotTrain?: boolean;
  /** Rungs not checked only because the trainer declined their requests do not fail the run (still listed). */
  allowUnsupported?: boolean;
}

const RUNG_VERDICTS: readonly RungVerdict[] = ['agrees', 'disagrees', 'inconclusive', 'not-checked', 'observed'];
const CLAIM_VERDICTS: readonly ClaimVerdict[] = ['agrees', 'disagrees', 'inconclusive', 'not-checked', 'observe-only'];

export function summariseRun(claims: readonly { id: string; verdict: ClaimVerdict; results: readonly JudgedRung[] }[], options: SummaryOptions = {}): RunSummary {
  const rungs = Object.fromEntries(RUNG_VERDICTS.map((v) => [v, 0])) as Record<RungVerdict, number>;
  const counts = Object.fromEntries(CLAIM_VERDICTS.map((v) => [v, 0])) as Record<ClaimVerdict, number>;
  const notChecked: UncheckedRung[] = [];
  for (const claim of claims) {
    counts[claim.verdict]++;
    for (const r of claim.results) {
      rungs[r.verdict]++;
      if (r.verdict !== 'not-checked') continue;
      const unscored = r.trials - r.runs;
      const unsupported = !r.bailed && r.trials > 0 && r.skipped === unscored;
      const why = r.bailed ? `not finished: --bail stopped the run when ${r.bailed} disagreed` : r.trials === 0 ? 'no trial was run' : `${unscored} of ${r.trials} trials not scored${r.reasons.length ? `: ${r.reasons.join('; ')}` : ''}`;
      notChecked.push({ claim: claim.id, rung: r.scale.name, unsupported, why });
    }
  }
  const failing = claims.filter((c) => c.verdict === 'disagrees' || c.verdict === 'inconclusive').map((c) => c.id);
  const blocking = notChecked.filter((u) => !(options.allowUnsupported && u.unsupported));
  const outcome: RunOutcome = options.didNotTrain ? 'did-not-train' : failing.length ? 'disagrees' : blocking.length ? 'not-checked' : 'agrees';
  return {
    outcome,
    exitCode: EXIT_CODES[outcome],
    claims: counts,
    rungs,
    failing,
    notChecked,
    ...(options.allowUnsupported ? { allowUnsupported: true as const } : {}),
  };
}
