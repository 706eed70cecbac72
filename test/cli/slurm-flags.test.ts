import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/contract/errors';
import { parseShards, parseSlurmOptions } from '../../src/cli/slurm-flags';

const refusal = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('not refused');
};

describe('the Slurm flags of slurm submit', () => {
  it('take shard counts, partitions, time limits, CPUs and sbatch options in the forms sbatch does', () => {
    expect(parseShards('512')).toBe(512);
    expect(parseSlurmOptions({ partition: 'cpu,long', time: '1-12:00:00', cpusPerTask: '4', sbatchArg: ['--mem=4G', '--account=proj', '--exclusive'] })).toEqual({
      partition: 'cpu,long', time: '1-12:00:00', cpusPerTask: 4, sbatchArgs: ['--mem=4G', '--account=proj', '--exclusive'],
    });
    for (const time of ['30', '30:00', '2:00:00', '1-0', '1-2:30', 'UNLIMITED']) expect(parseSlurmOptions({ time, cpusPerTask: '1' }).time).toBe(time);
  });

  it('refuse anything else, naming the flag and what is allowed', () => {
    for (const shards of ['0', '-1', '2.5', 'x', '10001']) expect(refusal(() => parseShards(shards)).field).toBe('--shards');
    const cases: [Parameters<typeof parseSlurmOptions>[0], string][] = [
      [{ partition: 'a b', cpusPerTask: '1' }, '--partition'],
      [{ partition: '', cpusPerTask: '1' }, '--partition'],
      [{ time: '1h', cpusPerTask: '1' }, '--time'],
      [{ time: '1:2:3:4', cpusPerTask: '1' }, '--time'],
      [{ cpusPerTask: '0' }, '--cpus-per-task'],
      [{ cpusPerTask: 'two' }, '--cpus-per-task'],
      [{ cpusPerTask: '1', sbatchArg: ['--array=1-3'] }, '--sbatch-arg'],
      [{ cpusPerTask: '1', sbatchArg: ['--dependency=afterok:1'] }, '--sbatch-arg'],
      [{ cpusPerTask: '1', sbatchArg: ['-p', 'x'] }, '--sbatch-arg'],
      [{ cpusPerTask: '1', sbatchArg: ['mem=4G'] }, '--sbatch-arg'],
      [{ cpusPerTask: '1', sbatchArg: ['--mem=4G\n#SBATCH --array=1'] }, '--sbatch-arg'],
    ];
    for (const [raw, field] of cases) {
      const error = refusal(() => parseSlurmOptions(raw));
      expect(error.field).toBe(field);
      expect(error.message).toMatch(/; allowed: ./);
    }
  });
});
