import type { Trainer } from '../train/types';
import type { Claim, Params, Rung, ScaleName } from './claim';
import { rungName } from './claim';
import { falsifyRung } from './falsify';
import type { ClaimResult, Report, RungResult } from './result';
import { deriveSeed } from '../rng';
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
  const started = performance.now();
  const rungs = options.at ? customRung(claim, options.at) : claim.ladders[options.scale];
  const results: RungResult[] = [];
  for (const [rungIndex, rung] of rungs.entries()) {
    results.push(await runRung(claim, rung, options, (trial, trials) =>
      options.onProgress?.({ claim: claim.id, ...position, rung: rungName(rung), rungIndex, rungs: rungs.length, trial, trials }),
    ));
  }
  return {
    id: claim.id,
    paper: claim.paper,
    statement: claim.statement,
    ...(claim.source ? { source: claim.source } : {}),
    ...(claim.notes ? { notes: claim.notes } : {}),
    ...(claim.plot ? { plot: claim.plot } : {}),
    results,
    seconds: (performance.now() - started) / 1000,
  };
}

function customRung(claim: Claim<any>, at: Params): Rung[] {
  const params = { ...claim.defaults, ...at };
  return [{ params, expected: claim.expect(params) }];
}

export async function runRung(claim: Claim<any>, rung: Rung, options: RunOptions, progress?: (trial: number, trials: number) => void): Promise<RungResult> {
  const started = performance.now();
  const name = rungName(rung);
  const trials = options.runs ?? rung.runs ?? claim.runs;
  const ctx = { trainer: options.trainer, params: rung.params };
  const outcomes: TrialOutcome[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const key = trialKey(claim.id, name, trial);
    let outcome = options.known?.get(key);
    if (!outcome) {
      outcome = await runTrial(claim, rung.params, trial, trialSeed(options.seed, claim.id, name, trial), ctx);
      await options.onTrial?.(key, outcome);
    }
    outcomes.push(outcome);
    progress?.(trial + 1, trials);
  }
  const result = aggregate(claim, rung, outcomes);
  const firstFailure = outcomes.find((o) => isScored(o) && !o.pass);
  if ((options.shrink ?? true) && rung.expected.outcome === 'holds' && firstFailure) {
    const counterexample = await falsifyRung(claim, rung.params, ctx, {
      seed: firstFailure.seed,
      ...(options.shrinkBudget !== undefined ? { shrinkBudget: options.shrinkBudget } : {}),
      ...(options.trainerFlag ? { trainerFlag: options.trainerFlag } : {}),
    });
    if (counterexample) result.counterexample = counterexample;
  }
  result.seconds = (performance.now() - started) / 1000;
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
