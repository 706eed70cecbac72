import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arrayRange, plannedPerShard, submitSlurm, type SubmitRequest } from '../../src/runner/slurm';
import { InputError } from '../../src/contract/errors';
import { tempDir } from '../helpers/harness';
import { shardOf } from '../../src/runner/shard';
import { trialKey } from '../../src/runner/run';

describe('slurm submissions', () => {
  it('write shard lists as sbatch --array ranges', () => {
    expect(arrayRange([1, 2, 3])).toBe('1-3');
    expect(arrayRange([2])).toBe('2');
    expect(arrayRange([1, 2, 4, 6, 7, 8])).toBe('1-2,4,6-8');
  });

  it('count each shard\'s trials of the plan as the shards own them', () => {
    const plan: [string, string, number][] = [['a.x', 'd=3', 40], ['a.x', 'd=5', 25], ['b.y', 'n=8', 7]];
    const planned = plannedPerShard(plan, 3);
    expect(planned.reduce((s, n) => s + n, 0)).toBe(72);
    const owned = [0, 0, 0];
    for (const [claim, rung, trials] of plan) for (let t = 0; t < trials; t++) owned[shardOf(trialKey(claim, rung, t), 3) - 1]++;
    expect(planned).toEqual(owned);
  });

  it('refuse a directory holding a submission or another run\'s shard checkpoints, before anything is written or submitted', () => {
    const request = (out: string): SubmitRequest => ({
      layout: { out, cwd: out, node: process.execPath, bin: 'bin/theorycheck.js', shards: 3 },
      options: { cpusPerTask: 1, sbatchArgs: [] },
      runConfig: { scale: 'small', seed: 1 },
      plan: [['a.x', 'd=3', 4]],
    });
    const submitted = tempDir();
    mkdirSync(join(submitted, 'slurm'));
    writeFileSync(join(submitted, 'slurm', 'submission.json'), '{}');
    const stale = tempDir();
    mkdirSync(join(stale, 'shard-2'));
    writeFileSync(join(stale, 'shard-2', 'trials.jsonl'), '');
    for (const out of [submitted, stale]) {
      expect(() => submitSlurm(request(out))).toThrow(InputError);
      expect(() => submitSlurm(request(out))).toThrow(/^--out: /);
    }
    expect(existsSync(join(stale, 'slurm'))).toBe(false);
  });
});
