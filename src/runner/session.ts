// A run as the command line starts it: fresh from flags, or resumed from the checkpoint of an earlier one.
// Either way the run holds DIR's lock, and every finished trial is appended to DIR/trials.jsonl before the next
// one starts.
import { resolve } from 'node:path';
import { closeTrainer, loadTrainer, trainerCommandOf } from './trainers/load';
import type { Trainer } from '../contract/trainer';
import type { Claim } from '../contract/claim';
import {
  checkpointPath,
  continueCheckpoint,
  createCheckpoint,
  planOf,
  readCheckpoint,
  type CheckpointWriter,
  type RunConfig,
} from './checkpoint';
import { InputError } from '../contract/errors';
import { rungsOf, type RunOptions } from './run';
import { selectClaims } from '../core/check/select';
import { PLAN_ALLOWED, runOptionsOf, type RunPlan } from './plan';
import { prepareOut } from './out-dir';
import { lockOut } from './lock';

export interface Session {
  claims: Claim<any>[];
  /** Run options with the checkpoint hooks and, on resume, the trials already done. */
  options: RunOptions;
  out: string;
  config: RunConfig;
  checkpoint: CheckpointWriter;
  /** Trials found in the checkpoint (0 for a fresh run). */
  resumed: number;
  /**
   * Closes the checkpoint and releases the directory's lock (once the report is written). A session never closed
   * keeps its lock until the process exits.
   */
  close(): void;
}

/** The claims a plan selects and its rungs with their trial counts; an InputError for a selection that cannot run. */
export function planRun(registry: readonly Claim<any>[], flags: RunPlan): { claims: Claim<any>[]; plan: RunConfig['plan'] } {
  // --grep keeps the claims with a rung it finds, and must find one.
  const claims = selectClaims(registry, flags.claim).filter((claim) => flags.grep === undefined || rungsOf(claim, flags).length > 0);
  if (claims.length === 0) throw new InputError('--grep', flags.grep, PLAN_ALLOWED.grep);
  if (flags.at && claims.length !== 1) throw new InputError('--at', flags.at, `one claim selected with --claim (got ${claims.length})`);
  if (flags.locate !== undefined && flags.at) throw new InputError('--locate', 'given with --at', 'a ladder to place rungs on: --locate or --at, not both');
  // Each shard sees only its share of a rung's trials, so shards would place different rungs: merge could not join them.
  if (flags.locate !== undefined && flags.shard) throw new InputError('--locate', 'given with a shard', 'a run in one piece: the rungs --locate places depend on every trial before them (no --shard, no job-array environment)');
  return { claims, plan: planOf(claims, flags) };
}

export async function startSession(registry: readonly Claim<any>[], flags: RunPlan): Promise<Session> {
  const { claims, plan } = planRun(registry, flags);
  // Before the trainer starts and any trial runs: a directory that cannot take the report fails now.
  const release = prepareOut(flags.out, '--out', 'run');
  return withLock(release, async () => {
    const trainer = await loadTrainer(flags.trainer, trainerCommandOf(flags));
    const config: RunConfig = {
      claims: claims.map((c) => c.id),
      scale: flags.scale,
      seed: flags.seed,
      ...(flags.runs !== undefined ? { runs: flags.runs } : {}),
      ...(flags.at ? { at: flags.at } : {}),
      ...(flags.grep !== undefined ? { grep: flags.grep } : {}),
      shrink: flags.shrink,
      trainer: trainer.name,
      ...(flags.trainer ? { trainerModule: resolve(flags.trainer), trainerFlag: `--trainer ${flags.trainer}` } : {}),
      ...(flags.trainerCmd ? { trainerCmd: flags.trainerCmd, trainerFlag: `--trainer-cmd ${JSON.stringify(flags.trainerCmd)}` } : {}),
      ...(flags.trainerTimeout !== undefined ? { trainerTimeout: flags.trainerTimeout } : {}),
      ...(flags.trainerMaxLine !== undefined ? { trainerMaxLine: flags.trainerMaxLine } : {}),
      ...(flags.shard ? { shard: flags.shard } : {}),
      ...(flags.sequential ? { sequential: true } : {}),
      ...(flags.trainerCheck ? { trainerCheck: flags.trainerCheck } : {}),
      ...(flags.allowUnsupported ? { allowUnsupported: true } : {}),
      ...(flags.locate !== undefined ? { locate: flags.locate } : {}),
      plan,
    };
    const checkpoint = await withTrainer(trainer, () => createCheckpoint(flags.out, config));
    return { claims, options: optionsOf(config, trainer, checkpoint), out: flags.out, config, checkpoint, resumed: 0, close: closing(checkpoint, release) };
  });
}

/** Resumes the run whose checkpoint is in dir, with that run's own configuration. */
export async function resumeSession(registry: readonly Claim<any>[], dir: string): Promise<Session> {
  // Locked before reading: a run still appending to the checkpoint would leave it torn under our feet.
  const release = lockOut(dir, '--resume', 'run --resume');
  return withLock(release, async () => {
    const data = readCheckpoint(checkpointPath(dir));
    const { config } = data;
    const claims = claimsOf(registry, config, dir);
    const trainer = await loadTrainer(config.trainerModule, trainerCommandOf(config));
    const checkpoint = await withTrainer(trainer, () => {
      if (trainer.name !== config.trainer) {
        throw new InputError('--resume', dir, `a checkpoint of trainer ${JSON.stringify(trainer.name)} (this one was written by ${JSON.stringify(config.trainer)})`);
      }
      return continueCheckpoint(data);
    });
    const options: RunOptions = {
      ...optionsOf(config, trainer, checkpoint),
      known: data.trials,
      knownCounterexamples: data.counterexamples,
      ...(data.trainerCheck ? { knownTrainerCheck: data.trainerCheck } : {}),
    };
    return { claims, options, out: dir, config, checkpoint, resumed: data.trials.size, close: closing(checkpoint, release) };
  });
}

/** Runs the start of a session holding the lock: a start that fails releases it. */
async function withLock<T>(release: () => void, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    release();
    throw err;
  }
}

/** The step after the trainer is loaded: if it fails, a trainer process is ended before the error goes on. */
async function withTrainer<T>(trainer: Trainer, step: () => T): Promise<T> {
  try {
    return step();
  } catch (err) {
    await closeTrainer(trainer);
    throw err;
  }
}

function closing(checkpoint: CheckpointWriter, release: () => void): () => void {
  return () => {
    try {
      checkpoint.close();
    } finally {
      release();
    }
  };
}

/** The registry's claims of a checkpointed run, refusing a plan that changed since (other rungs or trial counts). */
export function claimsOf(registry: readonly Claim<any>[], config: RunConfig, where: string): Claim<any>[] {
  const claims = config.claims.map((id) => {
    const claim = registry.find((c) => c.id === id);
    if (!claim) throw new InputError(where, id, 'a checkpoint whose claims all exist in this version (see `theorycheck list`)');
    return claim;
  });
  const plan = planOf(claims, config);
  if (JSON.stringify(plan) !== JSON.stringify(config.plan)) {
    throw new InputError(where, 'a checkpoint of other ladders', 'a checkpoint written with the same claims, rungs and trial counts as this version');
  }
  return claims;
}

function optionsOf(config: RunConfig, trainer: Trainer, checkpoint: CheckpointWriter): RunOptions {
  return {
    ...runOptionsOf(config, trainer),
    onTrial: (key, outcome) => checkpoint.trial(key, outcome),
    onCounterexample: (key, found) => checkpoint.counterexample(key, found),
    onTrainerCheck: (check) => checkpoint.trainerCheck(check),
  };
}
