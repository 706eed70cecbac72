// The shard of a run from the environment of the job engine that started it, so that the same `theorycheck run`
// line serves every task of a Slurm job array, a Kubernetes Indexed Job or a GitHub Actions matrix. A pure
// function of the environment it is given; an explicit --shard wins over all of it (the command line's choice).
import { InputError } from '../contract/errors';
import { planValue } from './plan';
import type { Shard } from './shard';

type Env = Readonly<Record<string, string | undefined>>;

/** A shard found in the environment, and the variables it came from, as the run says it. */
export interface EnvShard {
  shard: Shard;
  source: string;
}

/** The variables read, in the order they are tried (first found wins). */
export const SHARD_ENV = {
  /** I/N, as --shard: for engines that number their tasks some other way (a GitHub Actions matrix). */
  shard: 'THEORYCHECK_SHARD',
  /** The shard count where the engine gives only an index (Kubernetes), as --shards. */
  count: 'THEORYCHECK_SHARDS',
  slurm: 'SLURM_ARRAY_TASK_ID',
  kubernetes: 'JOB_COMPLETION_INDEX',
} as const;

const MAX_SHARDS = 1_000_000;

const wholeNumber = (text: string | undefined): number => (text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** `--shards N` or THEORYCHECK_SHARDS: how many shards the engine's tasks make. */
export function parseShardCount(value: string, label: string): number {
  const count = wholeNumber(value);
  if (!(count >= 1 && count <= MAX_SHARDS)) throw new InputError(label, value, `an integer in [1, ${MAX_SHARDS}]: the number of shards, this task's index coming from the environment`);
  return count;
}

/**
 * The shard of this task: THEORYCHECK_SHARD=I/N; else a Slurm array task (index SLURM_ARRAY_TASK_ID −
 * SLURM_ARRAY_TASK_MIN + 1 of SLURM_ARRAY_TASK_COUNT, the array contiguous with step 1); else a Kubernetes Indexed
 * Job's pod (JOB_COMPLETION_INDEX + 1, 0-based there); undefined when none is set. `countFlag` (--shards), or else
 * THEORYCHECK_SHARDS, gives the count where the engine gives none (Kubernetes); beside a Slurm array it must be the
 * array's. A variable that is set but unusable is bad input.
 */
export function shardFromEnv(env: Env, countFlag?: { count: number; label: string }): EnvShard | undefined {
  const counted = countFlag ?? (env[SHARD_ENV.count] !== undefined ? { count: parseShardCount(env[SHARD_ENV.count]!, SHARD_ENV.count), label: SHARD_ENV.count } : undefined);
  const given = env[SHARD_ENV.shard];
  if (given !== undefined) {
    const match = /^\s*(\d+)\/(\d+)\s*$/.exec(given);
    const shard = planValue('shard', match ? { index: Number(match[1]), count: Number(match[2]) } : undefined, SHARD_ENV.shard, given);
    return { shard, source: `${SHARD_ENV.shard}=${given}` };
  }
  if (env[SHARD_ENV.slurm] !== undefined) return slurmShard(env, counted);
  if (env[SHARD_ENV.kubernetes] !== undefined) return kubernetesShard(env, counted);
  if (countFlag) {
    throw new InputError(countFlag.label, String(countFlag.count), `with this task's index in the environment: ${SHARD_ENV.shard}=I/N, ${SHARD_ENV.slurm} (a Slurm job array) or ${SHARD_ENV.kubernetes} (a Kubernetes Indexed Job); or --shard I/N`);
  }
  return undefined;
}

function slurmShard(env: Env, counted: { count: number; label: string } | undefined): EnvShard {
  const id = wholeNumber(env.SLURM_ARRAY_TASK_ID);
  const min = wholeNumber(env.SLURM_ARRAY_TASK_MIN ?? '0');
  const arrayCount = wholeNumber(env.SLURM_ARRAY_TASK_COUNT);
  const max = wholeNumber(env.SLURM_ARRAY_TASK_MAX);
  const step = wholeNumber(env.SLURM_ARRAY_TASK_STEP ?? '1');
  if (Number.isNaN(id) || Number.isNaN(min)) throw new InputError('SLURM_ARRAY_TASK_ID', env.SLURM_ARRAY_TASK_ID, 'a whole number, with SLURM_ARRAY_TASK_MIN, as Slurm sets them in an array task');
  const index = id - min + 1;
  // Only a contiguous array numbers its tasks 1..N once shifted by its first index: --array=2,5 does not.
  if (!(arrayCount >= 1) || step !== 1 || (!Number.isNaN(max) && max - min + 1 !== arrayCount)) {
    throw new InputError('SLURM_ARRAY_TASK_COUNT', env.SLURM_ARRAY_TASK_COUNT, `the task count of a contiguous array (--array=1-N or 0-N-1, step 1; here min ${env.SLURM_ARRAY_TASK_MIN}, max ${env.SLURM_ARRAY_TASK_MAX}, step ${env.SLURM_ARRAY_TASK_STEP ?? 1}); for another array give --shard "$SLURM_ARRAY_TASK_ID/N"`);
  }
  if (counted && counted.count !== arrayCount) throw new InputError(counted.label, String(counted.count), `the array's task count, SLURM_ARRAY_TASK_COUNT=${arrayCount}, or no count at all`);
  const count = arrayCount;
  const source = `SLURM_ARRAY_TASK_ID=${env.SLURM_ARRAY_TASK_ID} (SLURM_ARRAY_TASK_MIN=${env.SLURM_ARRAY_TASK_MIN ?? '0'}, SLURM_ARRAY_TASK_COUNT=${count})`;
  return { shard: shardWithin(index, count, 'SLURM_ARRAY_TASK_ID', env.SLURM_ARRAY_TASK_ID!), source };
}

function kubernetesShard(env: Env, counted: { count: number; label: string } | undefined): EnvShard {
  const value = env[SHARD_ENV.kubernetes]!;
  const index = wholeNumber(value) + 1;
  if (Number.isNaN(index)) throw new InputError(SHARD_ENV.kubernetes, value, 'a whole number, as a Kubernetes Indexed Job sets it (0-based)');
  if (!counted) throw new InputError(SHARD_ENV.kubernetes, value, `an index with its count: --shards N or ${SHARD_ENV.count}=N, N the Job's completions`);
  return { shard: shardWithin(index, counted.count, SHARD_ENV.kubernetes, value), source: `${SHARD_ENV.kubernetes}=${value} (${counted.label}=${counted.count})` };
}

function shardWithin(index: number, count: number, label: string, value: string): Shard {
  if (!(index >= 1 && index <= count)) throw new InputError(label, value, `a task index giving shard 1 to ${count} (this one gives ${index}/${count})`);
  return { index, count };
}
