import type { Trainer } from '../contract/trainer';
import type { Claim, Params, Rung, ScaleName } from '../contract/claim';
import { rungName } from '../contract/claim';
import { falsifyRung, replayCommand } from '../core/check/falsify';
import type { ClaimResult, Counterexample, LocateLog, Report, RunSummary, RungResult, TrainerCheck } from '../contract/report';
import { deriveSeed } from '../core/rng';
import { InputError, errorText } from '../contract/errors';
import { ownsTrial, type Shard } from './shard';
import { createPool, type TrialPool, type TrialSeed, type WorkerSetup } from './pool';
import { settled } from '../core/verdict/sequential';
import { rungsFor } from '../core/check/select';
import { summarise, wilson } from '../core/stats/stats';
import { locateTransition, transitionSpec } from '../core/stats/transition';
import { checkTrainer } from '../core/check/trainer-check';
import { FLAKY, isFault, isScored, type TrialOutcome } from '../core/check/trial';
import { runTrial } from './trial';
import { locateRungs } from './locate';
import { claimVerdict, detectableGap, rungVerdict, summariseRun, targetOf } from '../core/verdict/verdict';
import type { CheckContext } from '../contract/claim';
import type { FalsifyOptions } from '../core/check/falsify';

export interface RunOptions {
  seed: number;
  trainer: Trainer;
  scale: ScaleName;
  /** Trials per rung, overriding the ladder's. */
  runs?: number;
  /** One custom rung per claim instead of the ladder (`--at`). */
  at?: Params;
  /** Only the rungs whose "claim-id rung-name" this regular expression finds (`--grep`). */
  grep?: string;
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
  /** Stop each rung once its verdict is settled (see sequential.ts). Shards run all their trials: merge decides. */
  sequential?: boolean;
  /** Processes running trials (default 1: this one); with more, workerSetup says how they load claims and trainer. */
  workers?: number;
  workerSetup?: WorkerSetup;
  /**
   * The did-it-train check (trainer-check.ts) before the claims: stop (default of the command line) ends the run
   * at once when the trainer fails it, report runs the claims anyway, off skips it (default here, and always
   * when nothing trains: knownOnly).
   */
  trainerCheck?: 'stop' | 'report' | 'off';
  /** The check already made (resume, merge): not made again. */
  knownTrainerCheck?: TrainerCheck;
  /** Called after the check was made: the checkpoint hook. */
  onTrainerCheck?(check: TrainerCheck): void | Promise<void>;
  /** Rungs not checked only because the trainer declined their requests do not fail the run (verdict.ts). */
  allowUnsupported?: boolean;
  /**
   * Stop at the first rung that disagrees (`--bail`): the rungs not finished by then are not checked, their
   * reason names that rung. Which ones those are depends on timing when workers run rungs side by side.
   */
  bail?: boolean;
  /**
   * Place rungs on each claim's transition after its ladder (`--locate`) until every threshold's 95% interval is
   * narrower than this relative width (locate.ts).
   */
  locate?: number;
}

/** Shared by the rungs of a run with bail: the first rung that disagreed, once one has. */
interface Halt {
  by?: string;
}

/** Where trials and shrinks run: this process, or a pool of worker processes. */
interface TrialRunner {
  /** Consecutive trials of a rung, run in order. */
  trials(claim: Claim<any>, params: Params, trials: TrialSeed[], ctx: CheckContext): Promise<TrialOutcome[]>;
  /** The shrunk counterexample and the seconds the shrink itself took (not its wait for a worker). */
  shrink(claim: Claim<any>, params: Params, ctx: CheckContext, options: FalsifyOptions): Promise<KnownCounterexample>;
  /** Whether a worker would idle: a rung may then start trials ahead of the one it waits for. */
  spare(): boolean;
  /** Trials per task, given the seconds a trial of the rung has taken so far (undefined: none done yet). */
  batch(secondsPerTrial: number | undefined): number;
}

const inThread: TrialRunner = {
  async trials(claim, params, trials, ctx) {
    const outcomes: TrialOutcome[] = [];
    for (const { trial, seed } of trials) {
      outcomes.push(await runTrial(claim, params, trial, seed, ctx));
      // A trial that trains synchronously never leaves the microtask queue: a turn of the event loop between
      // trials lets SIGTERM and SIGINT (a Slurm time limit, scancel, Ctrl-C) end the run at once, not at its end.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return outcomes;
  },
  async shrink(claim, params, ctx, options) {
    const started = performance.now();
    const counterexample = await falsifyRung(claim, params, ctx, options);
    return { counterexample: counterexample ?? null, seconds: (performance.now() - started) / 1000 };
  },
  spare: () => false,
  batch: () => 1,
};

/** A pool task should take at least this long, so that messages cost little beside the work. */
const TASK_SECONDS = 0.02;
const MAX_BATCH = 16;

/** Runs on the pool; `order` (the claim's place in the run) is the priority of its tasks, lower first. */
function poolRunner(pool: TrialPool, order: number): TrialRunner {
  return {
    trials: (claim, params, trials) => pool.trials(claim.id, params, trials, order),
    shrink: (claim, params, _ctx, options) => pool.shrink(claim.id, params, options, order),
    spare: () => pool.pending() < pool.capacity,
    batch: (s) => (s === undefined ? 1 : Math.max(1, Math.min(MAX_BATCH, Math.floor(TASK_SECONDS / Math.max(s, 1e-6))))),
  };
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
  const workers = options.knownOnly ? 1 : (options.workers ?? 1);
  const mode = options.trainerCheck ?? 'off';
  const setup = options.workerSetup;
  if (workers > 1 && !setup) throw new Error('runClaims: workers > 1 needs workerSetup (how workers load the claims and trainer)');
  // A plug-in trainer (module or process) always runs in worker processes, even one: a worker whose trainer holds
  // its thread or crashes can be ended and replaced, and this process keeps no trainer process of its own.
  const pool = !options.knownOnly && setup && (workers > 1 || setup.trainerModule || setup.trainerCommand) ? createPool(workers, setup) : undefined;
  const halt: Halt | undefined = options.bail ? {} : undefined;
  let check = options.knownTrainerCheck;
  let results: ClaimResult[] = [];
  try {
    if (!check && mode !== 'off' && !options.knownOnly) {
      check = pool ? await pool.checkTrainer().catch((err: unknown) => uncheckable(options.trainer, err)) : await checkTrainer(options.trainer);
      await options.onTrainerCheck?.(check);
    }
    if (check && !check.pass && mode === 'stop') {
      // The claims would run to their step limits on a trainer that does not train: not run at all.
    } else if (pool) {
      // Every rung at once, each merging its own trials in order: the pool stays full to the end. The workers
      // take the claims' tasks in claim order, so each runs a few claims at a time rather than all of them
      // interleaved: one worker then did the default run's trials in 5% less CPU time, and two single-threaded
      // workers (pool.ts) took 30.9 s instead of 33.1 s.
      results = await Promise.all(claims.map((claim, claimIndex) => runClaim(claim, options, { claimIndex, claims: claims.length }, poolRunner(pool, claimIndex), halt)));
    } else {
      for (const [claimIndex, claim] of claims.entries()) {
        results.push(await runClaim(claim, options, { claimIndex, claims: claims.length }, inThread, halt));
      }
    }
  } finally {
    await pool?.close();
  }
  return assembleReport(results, {
    seed: options.seed,
    trainer: options.trainer.name,
    scale: options.at ? 'custom' : options.scale,
    ...(options.shard ? { shard: { index: options.shard.index, count: options.shard.count } } : {}),
    startedAt,
    seconds: (performance.now() - started) / 1000,
    ...(check ? { trainerCheck: check } : {}),
    ...(options.allowUnsupported ? { allowUnsupported: true } : {}),
  });
}

/** A trainer check that could not be made: it did not pass, and says why. */
function uncheckable(trainer: Trainer, err: unknown): TrainerCheck {
  return { trainer: trainer.name, pass: false, probes: [], reason: `the check could not be made: ${errorText(err)}` };
}

export interface ReportHeader {
  seed: number;
  trainer: string;
  scale: string;
  startedAt: Date;
  seconds: number;
  trainerCheck?: TrainerCheck;
  allowUnsupported?: boolean;
  shard?: Report['shard'];
}

/** A report around claim results, with the run's summary: every report (run, merge, vitest) is made here. */
export function assembleReport(claims: ClaimResult[], header: ReportHeader): Report {
  const summary: RunSummary = summariseRun(claims, {
    didNotTrain: header.trainerCheck ? !header.trainerCheck.pass : false,
    ...(header.allowUnsupported ? { allowUnsupported: true } : {}),
  });
  return {
    version: 2,
    seed: header.seed,
    trainer: header.trainer,
    scale: header.scale,
    ...(header.shard ? { shard: header.shard } : {}),
    startedAt: header.startedAt.toISOString(),
    seconds: header.seconds,
    ...(header.trainerCheck ? { trainerCheck: header.trainerCheck } : {}),
    summary,
    claims,
  };
}

export async function runClaim(claim: Claim<any>, options: RunOptions, position = { claimIndex: 0, claims: 1 }, runner = inThread, halt?: Halt): Promise<ClaimResult> {
  const rungs = rungsOf(claim, options);
  const run = (rung: Rung, rungIndex: number) =>
    runRung(claim, rung, options, (trial, trials) =>
      options.onProgress?.({ claim: claim.id, ...position, rung: rungName(rung), rungIndex, rungs: rungs.length, trial, trials }),
    runner, halt);
  const results: RungResult[] = [];
  if (runner !== inThread) results.push(...(await Promise.all(rungs.map(run))));
  else for (const [rungIndex, rung] of rungs.entries()) results.push(await run(rung, rungIndex));
  const spec = transitionSpec(claim);
  if (options.locate === undefined || !spec) return claimResult(claim, results);
  // A placed rung runs all its trials: the interval it is there to narrow needs every one.
  const full = { ...options, sequential: false };
  const placed = await locateRungs(claim, spec, results, options.locate, (rung, rungIndex) =>
    runRung(claim, rung, full, (trial, trials) =>
      options.onProgress?.({ claim: claim.id, ...position, rung: rungName(rung), rungIndex, rungs: rungIndex + 1, trial, trials }),
    runner, halt), () => Boolean(halt?.by));
  return claimResult(claim, [...results, ...placed.results], placed.log);
}

/** The claim's part of a report around its rung results; seconds is the work done on them (trials and shrinks). */
export function claimResult(claim: Claim<any>, results: RungResult[], located?: LocateLog): ClaimResult {
  const transition = transitionSpec(claim);
  return {
    id: claim.id,
    paper: claim.paper,
    statement: claim.statement,
    ...(claim.source ? { source: claim.source } : {}),
    ...(claim.notes ? { notes: claim.notes } : {}),
    ...(claim.plot ? { plot: claim.plot } : {}),
    // Before the results, where the vitest reporter's claim header (this without its results) puts it too.
    ...(transition ? { transition: { ...locateTransition(transition, results), ...(located ? { locate: located } : {}) } } : {}),
    results,
    verdict: claimVerdict(results),
    seconds: results.reduce((s, r) => s + r.seconds, 0),
  };
}

/** The rungs a run evaluates: the ladder of its scale, or one custom rung from `at`. */
export function rungsOf(claim: Claim<any>, options: Pick<RunOptions, 'scale' | 'at' | 'grep'>): Rung[] {
  return rungsFor(claim, options.scale, options.at, options.grep);
}

/** Trials of a rung in a run. */
export function trialsOf(claim: Claim<any>, rung: Rung, options: Pick<RunOptions, 'runs'>): number {
  return options.runs ?? rung.runs ?? claim.runs;
}

export async function runRung(
  claim: Claim<any>, rung: Rung, options: RunOptions, progress?: (trial: number, trials: number) => void, runner = inThread, halt?: Halt,
): Promise<RungResult> {
  const name = rungName(rung);
  const trials = trialsOf(claim, rung, options);
  const ctx = { trainer: options.trainer, params: rung.params };
  const sequential = (options.sequential ?? false) && !options.shard;
  const outcomes: TrialOutcome[] = [];
  // Trials started ahead of the one merged next (only while a worker would idle otherwise). Outcomes are merged
  // in trial order and the stopping decision is taken on them in that order, so running ahead changes nothing.
  const ahead = new Map<number, Promise<TrialOutcome>>();
  const needsRun = (trial: number) => {
    const key = trialKey(claim.id, name, trial);
    return ownsTrial(options.shard, key) && !options.known?.has(key);
  };
  // Trials below the frontier have been started, or are known, or belong to another shard.
  let frontier = 0;
  let computed = 0;
  let computedSeconds = 0;
  // Starts a task of consecutive trials from `first` (which needs running), as many as the runner batches.
  const start = (first: number) => {
    const size = runner.batch(computed ? computedSeconds / computed : undefined);
    const list: TrialSeed[] = [];
    for (let t = first; t < trials && list.length < size && (t === first || needsRun(t)); t++) {
      list.push({ trial: t, seed: trialSeed(options.seed, claim.id, name, t) });
    }
    frontier = Math.max(frontier, first + list.length);
    const task = runner.trials(claim, rung.params, list, ctx);
    for (const [i, { trial }] of list.entries()) {
      const outcome = task.then((all) => all[i]);
      // An outcome past the stopping point is never awaited; its failure must not surface as unhandled.
      outcome.catch(() => undefined);
      ahead.set(trial, outcome);
    }
  };
  let passes = 0;
  let scored = 0;
  let unscored = 0;
  let stopped = false;
  let cut = false;
  for (let trial = 0; trial < trials; trial++) {
    if (halt?.by) {
      cut = true;
      break;
    }
    const key = trialKey(claim.id, name, trial);
    if (!ownsTrial(options.shard, key)) continue;
    let outcome = options.known?.get(key);
    if (!outcome) {
      if (options.knownOnly) throw new InputError('trials', key, 'every trial of the run, from all of its shards');
      if (!ahead.has(trial)) start(trial);
      while (frontier < trials && runner.spare()) {
        if (needsRun(frontier)) start(frontier);
        else frontier++;
      }
      outcome = await (ahead.get(trial) as Promise<TrialOutcome>);
      ahead.delete(trial);
      // A trial ended from outside its check is not shrunk: its reason carries the line that replays it.
      if (isFault(outcome)) outcome = { ...outcome, reason: `${outcome.reason}; replay: ${replayCommand(claim.id, outcome.seed, rung.params, undefined, options.trainerFlag)}` };
      computed++;
      computedSeconds += outcome.seconds;
      await options.onTrial?.(key, outcome);
    }
    outcomes.push(outcome);
    progress?.(trial + 1, trials);
    if (isScored(outcome)) {
      scored++;
      if (outcome.pass) passes++;
    } else unscored++;
    if (sequential && trial + 1 < trials && settled(rung.expected, passes, scored, trials - trial - 1, unscored)) {
      stopped = true;
      break;
    }
  }
  const result = aggregate(claim, rung, outcomes);
  if (stopped) result.planned = trials;
  if (cut && halt?.by) return { ...result, planned: trials, verdict: rung.expected.outcome === 'observe' ? 'observed' : 'not-checked', bailed: halt.by };
  if (halt && !halt.by && result.verdict === 'disagrees') halt.by = `${claim.id} ${name}`;
  // The first failure of the trials run here: in a shard that owns the run's first failure it is that one, so
  // the shrink a merge picks is the one the unsharded run makes.
  // A trial that outlived its timeout or killed its worker is not shrunk: every candidate would do the same.
  const firstFailure = outcomes.find((o) => isScored(o) && !o.pass && !isFault(o));
  if ((options.shrink ?? true) && rung.expected.outcome === 'holds' && firstFailure) {
    const key = trialKey(claim.id, name, firstFailure.trial);
    let found = options.knownCounterexamples?.get(key);
    if (!found) {
      if (options.knownOnly) throw new InputError('counterexamples', key, 'the shrunk counterexample of every holds rung with a failure, from the shard that ran the trial');
      found = await runner.shrink(claim, rung.params, ctx, {
        seed: firstFailure.seed,
        ...(options.shrinkBudget !== undefined ? { shrinkBudget: options.shrinkBudget } : {}),
        ...(options.trainerFlag ? { trainerFlag: options.trainerFlag } : {}),
      });
      await options.onCounterexample?.(key, found);
    }
    if (found.counterexample) result.counterexample = found.counterexample;
    else {
      // The failing trial passed when its seed was run again to shrink it: a flaky failure, said so with its replay.
      const replay = replayCommand(claim.id, firstFailure.seed, rung.params, undefined, options.trainerFlag);
      result.reasons = [...result.reasons, `${FLAKY}trial ${firstFailure.trial} failed and passed when re-run to shrink it; replay: ${replay}`];
    }
    result.seconds += found.seconds;
  }
  return result;
}

/** Pass counts, interval, verdict and observable summaries of a rung's trials. */
function aggregate(claim: Claim<any>, rung: Rung, outcomes: readonly TrialOutcome[]): RungResult {
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
  const told = (o: TrialOutcome) => o.reason !== undefined && (!o.pass || o.status !== 'ok' || o.reason.startsWith(FLAKY));
  const reasons = [...new Set(outcomes.filter(told).map((o) => o.reason as string))].slice(0, 5);
  const reference = claim.reference?.(rung.params);
  const target = targetOf(rung.expected);
  const gap = detectableGap(rung.expected, runs);
  return {
    scale: { name: rungName(rung), params: rung.params },
    runs,
    passes,
    passRate: runs === 0 ? 0 : passes / runs,
    interval: wilson(passes, runs),
    expected: rung.expected.outcome,
    ...(target !== undefined ? { target } : {}),
    verdict: rungVerdict(rung.expected, { passes, runs, trials: outcomes.length }),
    ...(gap !== undefined ? { detectableGap: gap } : {}),
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
