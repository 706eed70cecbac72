// The public API of theorycheck.
export type { Claim, CheckContext, CheckResult, Expectation, Params, Rung, ScaleName } from './harness/claim';
export { rungName } from './harness/claim';
export { InputError } from './harness/errors';
export type { ClaimResult, Counterexample, Report, RungResult } from './harness/result';
export { runClaims, runClaim, runRung, assembleReport, trialSeed } from './harness/run';
export type { RunOptions, ProgressEvent } from './harness/run';
export { falsifyRung, falsifySpace, replayCommand } from './harness/falsify';
export { replay } from './harness/replay';
export { selectClaims } from './harness/select';
export { wilson } from './harness/stats';
export { claimVerdict, detectableGap, EXIT_CODES, rateVerdict, rungVerdict, summariseRun } from './harness/verdict';
export type { ClaimVerdict, RateVerdict, RunOutcome, RunSummary, RungVerdict } from './harness/verdict';
export { checkTrainer, trainerProbes } from './harness/trainer-check';
export type { TrainerCheck, TrainerProbe } from './harness/trainer-check';
export { stream, deriveSeed } from './rng';
export type { Stream } from './rng';
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
} from './train/types';
export { referenceTrainer } from './train/reference';
export { flow, flowStep } from './train/flow';
export type { FlowOptions, FlowResult, FlowState } from './train/flow';
export { loadTrainer } from './train/load';
export { parseTrainRequest, parseTrainResult } from './train/schema';
export { mergeCheckpoints } from './harness/merge';
export type { Shard } from './harness/shard';
export { reportJson, withoutTiming } from './report/json';
export { reportMarkdown } from './report/markdown';
export { writeReport } from './report/write';
export { reportHtml } from './report/html';
export { claimPlots, claimSpec, renderSvg } from './report/plots';
export { claims } from '../properties/index';
