// The ES-module entry for plain Node, where no TypeScript loader runs in the user's process: index.ts loads
// through tsx's tsImport and its runtime exports are re-exported by name (test/package.test.ts keeps this list
// equal to index.ts's; `npm run esm-entry` rewrites it). Bundlers and TypeScript-aware runners (vite, vitest,
// esbuild) take index.ts itself ("module"). Not named index.mjs: an extensionless import of ./index would find it.
import { tsImport } from 'tsx/esm/api';

const api = await tsImport('./index.ts', import.meta.url);

export const {
  CHECKPOINT_FILE, CLAIMS_MODULE, DEFAULT_LOCATE_WIDTH, EXIT_CODES, FAILURES_DIR, InputError, LOCK_FILE, MAX_SEED,
  OUTCOME_LABEL, PLAN_ALLOWED, PLAN_KEYS, SHARD_ENV, TrainerTimeout, assembleReport, checkTrainer, claimCountsLine,
  claimPlots, claimResult, claimSpec, claimVerdict, claims, closeTrainer, defaultWorkers, deriveSeed, detectableGap,
  didYouMean, diffReports, diffTable, endWorkers, errorText, failuresDir, failuresFile, failuresOf, falsifyLadder,
  falsifyRung, falsifySpace, flow, flowStep, holdsRungsBySize, killTrainerProcesses, listTable, loadTrainer,
  locateTransition, mergeCheckpoints, outcomeDetails, paint, parseShardCount, parseTrainRequest, parseTrainResult,
  planRun, planValue, prepareOut, progressSink, rateVerdict, readFailures, readReport, referenceTrainer,
  releaseOutLocks, renderSvg, replay, replayCommand, replaySaved, reportHtml, reportJson, reportMarkdown,
  resumeSession, resumeSlurm, runClaim, runClaims, runOptionsOf, runRung, rungCountsLine, rungName, rungVerdict,
  rungsOf, selectClaims, shardFromEnv, slurmPaths, slurmStatus, splitCommand, startSession, stream, submissionFiles,
  submitSlurm, summariseRun, summaryTable, trainerCheckLine, trainerCheckProblems, trainerCommandOf, trainerProbes,
  trialSeed, triedLine, updatedFailures, wilson, withoutTiming, writeFailures, writeReport
} = api;
