import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeScript, shardsScript, shellWord, type SlurmLayout, type SlurmOptions } from '../../src/runner/slurm-script';

const layout: SlurmLayout = { out: "/shared/run's dir", cwd: '/home/me/project', node: '/usr/bin/node', bin: '/opt/theorycheck/bin/theorycheck.js', shards: 4 };
const options: SlurmOptions = { partition: 'cpu', time: '2:00:00', cpusPerTask: 2, sbatchArgs: ['--mem=4G'] };

/** Runs a script's body with bash, `node` replaced by echo: prints the command each task would run. */
function commandOf(script: string, env: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tc-sbatch-'));
  const file = join(dir, 'job.sh');
  writeFileSync(file, script.replaceAll("exec /usr/bin/node", 'exec echo'));
  return execFileSync('bash', [file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } }).trim();
}

describe('the batch scripts', () => {
  it('quote words for the shell only when they need it', () => {
    expect(shellWord('/a/b-c_d.e')).toBe('/a/b-c_d.e');
    expect(shellWord("it's here")).toBe(`'it'\\''s here'`);
    expect(execFileSync('bash', ['-c', `printf %s ${shellWord("a b'c $HOME")}`], { encoding: 'utf8' })).toBe("a b'c $HOME");
  });

  it('run shard I of N in task I, and continue its checkpoint when it has one', () => {
    const script = shardsScript(layout, options);
    for (const line of ['#SBATCH --array=1-4', '#SBATCH --cpus-per-task=2', '#SBATCH --partition=cpu', '#SBATCH --time=2:00:00', '#SBATCH --mem=4G', '#SBATCH --chdir=/home/me/project']) {
      expect(script).toContain(line);
    }
    const out = mkdtempSync(join(tmpdir(), 'tc-shards-'));
    const script2 = shardsScript({ ...layout, out }, options);
    expect(commandOf(script2, { SLURM_ARRAY_TASK_ID: '3' })).toBe(
      `/opt/theorycheck/bin/theorycheck.js run --config ${out}/slurm/run.json --shard 3/4 --out ${out}/shard-3 --workers 2 --quiet`,
    );
    execFileSync('mkdir', ['-p', join(out, 'shard-3')]);
    writeFileSync(join(out, 'shard-3', 'trials.jsonl'), '');
    // The lock of the task that was killed (here of a host that cannot be checked) is removed: one task per index.
    writeFileSync(join(out, 'shard-3', '.theorycheck.lock'), '{"pid":1,"host":"node-17"}\n');
    expect(commandOf(script2, { SLURM_ARRAY_TASK_ID: '3' })).toBe(`/opt/theorycheck/bin/theorycheck.js run --resume ${out}/shard-3 --workers 2 --quiet`);
    expect(existsSync(join(out, 'shard-3', '.theorycheck.lock'))).toBe(false);
  });

  it('merge every shard into the run\'s directory, on one CPU', () => {
    const script = mergeScript(layout, options);
    expect(script).toContain('#SBATCH --cpus-per-task=1');
    expect(script).not.toContain('--array');
    expect(commandOf(script, {})).toBe(`/opt/theorycheck/bin/theorycheck.js merge ${[1, 2, 3, 4].map((i) => `/shared/run's dir/shard-${i}`).join(' ')} --out /shared/run's dir`);
  });
});
