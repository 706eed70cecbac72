// The public API of theorycheck: everything a user, the command line (src/cli) and the vitest integration
// (src/vitest) use. Nothing above this file reaches below it.

// The contract: claims, trainers, reports, errors.
export type { Claim, CheckContext, CheckResult, CountParam, Domain, Expectation, ParamRange, Params, Rung, ScaleName, TransitionDeclaration } from './contract/claim';
export { rungName } from './contract/claim';
export { InputError, TrainerTimeout, errorText } from './contract/errors';
export { didYouMean } from './contract/did-you-mean';
export type {
  ClaimResult,
  ClaimVerdict,
  Counterexample,
  RateVerdict,
  Report,
  RunOutcome,
  RunSummary,
  RungResult,
  RungVerdict,
  TrainerCheck,
  TrainerProbe,
  Transition,
  TransitionScaling,
  TransitionSeries,
} from './contract/report';
export type {
  Activation,
  AlgorithmSpec,
  ConstraintSpec,
  DataSpec,
  LossSpec,
  NetworkSpec,
  OutputScaling,
  ProbeSpec,
  TrainRequest,
  TrainResult,
  Trainer,
} from './contract/trainer';
export { parseTrainRequest, parseTrainResult } from './contract/schema';

// The claims, and the module that lists them (worker processes load it by URL).
export { claims } from '../properties/index';
export const CLAIMS_MODULE = new URL('../properties/index.ts', import.meta.url).href;

// The core: seeded streams, the reference trainer and gradient flow, statistics and verdicts, checks.
export { stream, deriveSeed } from './core/rng';
export type { Stream } from './core/rng';
export { referenceTrainer } from './core/train/reference';
export { flow, flowStep } from './core/train/flow';
export type { FlowOptions, FlowResult, FlowState } from './core/train/flow';
export { wilson } from './core/stats/stats';
export { claimVerdict, detectableGap, EXIT_CODES, rateVerdict, rungVerdict, summariseRun } from './core/verdict/verdict';
export { locateTransition } from './core/stats/transition';
export { checkTrainer, trainerCheckProblems, trainerProbes } from './core/check/trainer-check';
export { falsifyRung, falsifySpace, replayCommand } from './core/check/falsify';
export { replay } from './core/check/replay';
export { selectClaims } from './core/check/select';

// The runner: runs, sessions with checkpoints, shards and their merge, workers, trainers from modules or processes.
export { assembleReport, claimResult, runClaim, runClaims, runRung, rungsOf, trialSeed } from './runner/run';
export type { ProgressEvent, RunOptions } from './runner/run';
export { planRun, resumeSession, startSession } from './runner/session';
export type { Session } from './runner/session';
export { DEFAULT_LOCATE_WIDTH, MAX_SEED, PLAN_ALLOWED, PLAN_KEYS, planValue, runOptionsOf } from './runner/plan';
export type { PlanKey, PlanSettings, RunPlan } from './runner/plan';
export { CHECKPOINT_FILE } from './runner/checkpoint';
export { falsifyLadder, holdsRungsBySize, triedLine } from './runner/falsify-ladder';
export type { LadderFalsification } from './runner/falsify-ladder';
export { mergeCheckpoints } from './runner/merge';
export { prepareOut } from './runner/out-dir';
export { FAILURES_DIR, failuresDir, failuresFile, failuresOf, readFailures, replaySaved, updatedFailures, writeFailures } from './runner/failures';
export type { ReplayedFailure, SavedFailure } from './runner/failures';
export { LOCK_FILE, releaseOutLocks } from './runner/lock';
export type { Shard } from './runner/shard';
export { parseShardCount, SHARD_ENV, shardFromEnv } from './runner/shard-env';
export type { EnvShard } from './runner/shard-env';
export { resumeSlurm, slurmPaths, slurmStatus, submissionFiles, submitSlurm } from './runner/slurm';
export type { ShardStatus, SlurmLayout, SlurmOptions, SlurmStatus, SubmitRequest } from './runner/slurm';
export { defaultWorkers, endWorkers } from './runner/pool';
export { killTrainerProcesses, splitCommand } from './runner/trainers/process';
export { progressSink } from './runner/progress';
export { closeTrainer, loadTrainer, trainerCommandOf } from './runner/trainers/load';
export type { TrainerCommand } from './runner/trainers/load';

// Reports: JSON, Markdown, HTML with plots, terminal tables, the diff of two reports.
export { reportJson, withoutTiming } from './report/json';
export { reportMarkdown } from './report/markdown';
export { reportHtml } from './report/html';
export { claimPlots, claimSpec, renderSvg } from './report/plots';
export { writeReport } from './report/write';
export { listTable, paint, summaryTable } from './report/console';
export type { TableOptions } from './report/console';
export { claimCountsLine, OUTCOME_LABEL, outcomeDetails, rungCountsLine, trainerCheckLine } from './report/format';
export { diffReports, diffTable, readReport } from './report/diff';
