import type { Trainer } from '../train/types';
import type { Claim, Params, Rung, ScaleName } from './claim';
import { rungName } from './claim';
import { falsifyRung } from './falsify';
import type { ClaimResult, Counterexample, Report, RungResult } from './result';
import { deriveSeed } from '../rng';
import { InputError } from './errors';
import { ownsTrial, type Shard } from './shard';
import { rungsFor } from './select';
import { summarise, targetOf, verdict, wilson } from './stats';
import { isScored, runTrial, type TrialOutcome } from './trial';

export interface RunOptions {
  seed: number;
  trainer: Trainer;
  scale: ScaleName;
  /** Trials per rung, overriding the ladder's. */
  runs?: number;
  /** One custom rung per claim instead of the ladder (`--at`). */
  at?: Params;
  /** Shrink the first failure of each holds rung to a counterexample (default true). */
  shrink?: boolean;
  shrinkBudget?: number;
  /** How replay commands name the trainer when it is not the reference. */
  trainerFlag?: string;
  /** Trials already done (resume): looked up by trialKey before running. */
  known?: ReadonlyMap<string, TrialOutcome>;
  /** Called after each trial that was run (not for known ones): the checkpoint hook. */
  onTrial?(key: string, outcome: TrialOutcome): void | Promise<void>;
  /** Run only the trials this shard owns (by a hash of their key); the others are left to other shards. */
  shard?: Shard;
  /** Counterexamples already shrunk (resume, merge), by the trialKey of the failing trial they start from. */
  knownCounterexamples?: ReadonlyMap<string, KnownCounterexample>;
  /** Called after each shrink that was run: the checkpoint hook for counterexamples. */
  onCounterexample?(key: string, found: KnownCounterexample): void | Promise<void>;
  /** Compute nothing: every trial and counterexample must be known (merge); a missing one is an InputError. */
  knownOnly?: boolean;
  onProgress?(event: ProgressEvent): void;
}

export interface ProgressEvent {
  claim: string;
  claimIndex: number;
  claims: number;
  rung: string;
  rungIndex: number;
  rungs: number;
  trial: number;
  trials: number;
}

/** A shrink's result (null: the failure did not reproduce under shrinking) and the seconds it took. */
export interface KnownCounterexample {
  counterexample: Counterexample | null;
  seconds: number;
}

export function trialKey(claimId: string, rung: string, trial: number): string {
  return `${claimId}|${rung}|${trial}`;
}

/** The seed of trial i: a pure function of (run seed, claim, rung, i), so any trial replays alone. */
export function trialSeed(runSeed: number, claimId: string, rung: string, trial: number): number {
  return deriveSeed(runSeed, claimId, rung, trial);
}

export async function runClaims(claims: readonly Claim<any>[], options: RunOptions): Promise<Report> {
  const startedAt = new Date();
  const started = performance.now();
  const results: ClaimResult[] = [];
  for (const [claimIndex, claim] of claims.entries()) {
    results.push(await runClaim(claim, options, { claimIndex, claims: claims.length }));
  }
  return {
    version: 1,
    seed: options.seed,
    trainer: options.trainer.name,
    scale: options.at ? 'custom' : options.scale,
    startedAt: startedAt.toISOString(),
    seconds: (performance.now() - started) / 1000,
    claims: results,
  };
}

export async function runClaim(claim: Claim<any>, options: RunOptions, position = { claimIndex: 0, claims: 1 }): Promise<ClaimResult> {
  const rungs = rungsOf(claim, options);
  const results: RungResult[] = [];
  for (const [rungIndex, rung] of rungs.entries()) {
    results.push(await runRung(claim, rung, options, (trial, trials) =>
      options.onProgress?.({ claim: claim.id, ...position, rung: rungName(rung), rungIndex, rungs: rungs.length, trial, trials }),
    ));
  }
  return claimResult(claim, results);
}

/** The claim's part of a report around its rung results; seconds is the work done on them (trials and shrinks). */
export function claimResult(claim: Claim<any>, results: RungResult[]): ClaimResult {
  return {
    id: claim.id,
    paper: claim.paper,
    statement: claim.statement,
    ...(claim.source ? { source: claim.source } : {}),
    ...(claim.notes ? { notes: claim.notes } : {}),
    ...(claim.plot ? { plot: claim.plot } : {}),
    results,
    seconds: results.reduce((s, r) => s + r.seconds, 0),
  };
}

/** The rungs a run evaluates: the ladder of its scale, or one custom rung from `at`. */
export function rungsOf(claim: Claim<any>, options: Pick<RunOptions, 'scale' | 'at'>): Rung[] {
  return rungsFor(claim, options.scale, options.at);
}

/** Trials of a rung in a run. */
export function trialsOf(claim: Claim<any>, rung: Rung, options: Pick<RunOptions, 'runs'>): number {
  return options.runs ?? rung.runs ?? claim.runs;
}

export async function runRung(claim: Claim<any>, rung: Rung, options: RunOptions, progress?: (trial: number, trials: number) => void): Promise<RungResult> {
  const name = rungName(rung);
  const trials = trialsOf(claim, rung, options);
  const ctx = { trainer: options.trainer, params: rung.params };
  const outcomes: TrialOutcome[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const key = trialKey(claim.id, name, trial);
    if (!ownsTrial(options.shard, key)) continue;
    let outcome = options.known?.get(key);
    if (!outcome) {
      if (options.knownOnly) throw new InputError('trials', key, 'every trial of the run, from all of its shards');
      outcome = await runTrial(claim, rung.params, trial, trialSeed(options.seed, claim.id, name, trial), ctx);
      await options.onTrial?.(key, outcome);
    }
    outcomes.push(outcome);
    progress?.(trial + 1, trials);
  }
  const result = aggregate(claim, rung, outcomes);
  // The first failure of the trials run here: in a shard that owns the run's first failure it is that one, so
  // the shrink a merge picks is the one the unsharded run makes.
  const firstFailure = outcomes.find((o) => isScored(o) && !o.pass);
  if ((options.shrink ?? true) && rung.expected.outcome === 'holds' && firstFailure) {
    const key = trialKey(claim.id, name, firstFailure.trial);
    let found = options.knownCounterexamples?.get(key);
    if (!found) {
      if (options.knownOnly) throw new InputError('counterexamples', key, 'the shrunk counterexample of every holds rung with a failure, from the shard that ran the trial');
      const started = performance.now();
      const counterexample = await falsifyRung(claim, rung.params, ctx, {
        seed: firstFailure.seed,
        ...(options.shrinkBudget !== undefined ? { shrinkBudget: options.shrinkBudget } : {}),
        ...(options.trainerFlag ? { trainerFlag: options.trainerFlag } : {}),
      });
      found = { counterexample: counterexample ?? null, seconds: (performance.now() - started) / 1000 };
      await options.onCounterexample?.(key, found);
    }
    if (found.counterexample) result.counterexample = found.counterexample;
    result.seconds += found.seconds;
  }
  return result;
}

/** Pass counts, interval, verdict and observable summaries of a rung's trials. */
export function aggregate(claim: Claim<any>, rung: Rung, outcomes: readonly TrialOutcome[]): RungResult {
  const scored = outcomes.filter(isScored);
  const passes = scored.filter((o) => o.pass).length;
  const runs = scored.length;
  const names = [...new Set(outcomes.flatMap((o) => Object.keys(o.observables)))].sort();
  const observables: RungResult['observables'] = {};
  for (const key of names) {
    const summary = summarise(outcomes.filter((o) => key in o.observables).map((o) => o.observables[key]));
    if (summary) observables[key] = summary;
  }
  const count = (status: TrialOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  const reasons = [...new Set(outcomes.filter((o) => o.reason && (!o.pass || o.status !== 'ok')).map((o) => o.reason as string))].slice(0, 5);
  const reference = claim.reference?.(rung.params);
  const target = targetOf(rung.expected);
  return {
    scale: { name: rungName(rung), params: rung.params },
    runs,
    passes,
    passRate: runs === 0 ? 0 : passes / runs,
    interval: wilson(passes, runs),
    expected: rung.expected.outcome,
    ...(target !== undefined ? { target } : {}),
    verdict: verdict(rung.expected, passes, runs),
    trials: outcomes.length,
    notScored: count('not-scored'),
    diverged: count('diverged'),
    errors: count('error'),
    skipped: count('skipped'),
    reasons,
    observables,
    ...(reference ? { reference } : {}),
    failingSeeds: scored.filter((o) => !o.pass).slice(0, 5).map((o) => o.seed),
    seconds: outcomes.reduce((s, o) => s + o.seconds, 0),
  };
}

/** A report agrees with the papers when no rung disagrees or stays inconclusive. */
export function reportAgrees(report: Report): boolean {
  return report.claims.every((c) => c.results.every((r) => r.verdict === 'agrees' || r.verdict === 'observed' || r.verdict === 'skipped'));
}
