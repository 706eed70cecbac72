import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/contract/errors';
import { parseShardCount, shardFromEnv } from '../../src/runner/shard-env';

/** The InputError's field of what fn throws: every refusal names the variable or flag. */
function refusedField(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).field;
  }
  throw new Error('not refused');
}

const slurmArray = (id: number, min: number, count: number) => ({
  SLURM_ARRAY_TASK_ID: String(id),
  SLURM_ARRAY_TASK_MIN: String(min),
  SLURM_ARRAY_TASK_MAX: String(min + count - 1),
  SLURM_ARRAY_TASK_COUNT: String(count),
  SLURM_ARRAY_TASK_STEP: '1',
});

describe('shardFromEnv', () => {
  it('finds no shard in an environment without a job engine', () => {
    expect(shardFromEnv({ PATH: '/usr/bin', SLURM_JOB_ID: '7' })).toBeUndefined();
  });

  it('numbers a Slurm array 1..N whatever its first index (SLURM_ARRAY_TASK_MIN)', () => {
    for (const min of [0, 1, 5]) {
      const shards = [0, 1, 2].map((i) => shardFromEnv(slurmArray(min + i, min, 3))!.shard);
      expect(shards).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
    }
    expect(shardFromEnv(slurmArray(4, 3, 2))!.source).toBe('SLURM_ARRAY_TASK_ID=4 (SLURM_ARRAY_TASK_MIN=3, SLURM_ARRAY_TASK_COUNT=2)');
  });

  it('refuses a Slurm array that is not contiguous, or a count that is not the array\'s', () => {
    // --array=2,5: min 2, max 5, two tasks.
    expect(refusedField(() => shardFromEnv({ ...slurmArray(5, 2, 2), SLURM_ARRAY_TASK_MAX: '5' }))).toBe('SLURM_ARRAY_TASK_COUNT');
    expect(refusedField(() => shardFromEnv({ ...slurmArray(1, 1, 4), SLURM_ARRAY_TASK_STEP: '2' }))).toBe('SLURM_ARRAY_TASK_COUNT');
    expect(refusedField(() => shardFromEnv(slurmArray(1, 1, 4), { count: 3, label: '--shards' }))).toBe('--shards');
    expect(shardFromEnv(slurmArray(2, 1, 4), { count: 4, label: '--shards' })!.shard).toEqual({ index: 2, count: 4 });
  });

  it('takes a Kubernetes Indexed Job\'s 0-based JOB_COMPLETION_INDEX with the count from --shards or THEORYCHECK_SHARDS', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0' }, { count: 8, label: '--shards' })).toEqual({ shard: { index: 1, count: 8 }, source: 'JOB_COMPLETION_INDEX=0 (--shards=8)' });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '7', THEORYCHECK_SHARDS: '8' })!.shard).toEqual({ index: 8, count: 8 });
    expect(refusedField(() => shardFromEnv({ JOB_COMPLETION_INDEX: '3' }))).toBe('JOB_COMPLETION_INDEX');
    expect(refusedField(() => shardFromEnv({ JOB_COMPLETION_INDEX: '8', THEORYCHECK_SHARDS: '8' }))).toBe('JOB_COMPLETION_INDEX');
    expect(refusedField(() => shardFromEnv({ JOB_COMPLETION_INDEX: 'x', THEORYCHECK_SHARDS: '8' }))).toBe('JOB_COMPLETION_INDEX');
  });

  it('takes THEORYCHECK_SHARD=I/N (a GitHub Actions matrix) before any engine\'s variables', () => {
    expect(shardFromEnv({ THEORYCHECK_SHARD: '2/4', ...slurmArray(0, 0, 3) })).toEqual({ shard: { index: 2, count: 4 }, source: 'THEORYCHECK_SHARD=2/4' });
    expect(refusedField(() => shardFromEnv({ THEORYCHECK_SHARD: '5/4' }))).toBe('THEORYCHECK_SHARD');
  });

  it('refuses a count with no index to go with it, and counts that are not whole numbers', () => {
    expect(refusedField(() => shardFromEnv({}, { count: 3, label: '--shards' }))).toBe('--shards');
    expect(refusedField(() => shardFromEnv({ THEORYCHECK_SHARDS: '0', JOB_COMPLETION_INDEX: '0' }))).toBe('THEORYCHECK_SHARDS');
    expect(refusedField(() => parseShardCount('2.5', '--shards'))).toBe('--shards');
  });
});
