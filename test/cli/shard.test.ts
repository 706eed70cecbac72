import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareReport, cli, cliWith, expectRejected } from './helpers';

const claims = ['--claim', 'quadratic.recovery-threshold', 'quadratic.trained-recovery', '--scale', 'small', '--runs', '12', '--seed', '9', '--quiet'];

const temp = () => mkdtempSync(join(tmpdir(), 'tc-shard-'));

describe('theorycheck run --shard I/N and merge', () => {
  it('merges 3 shard reports into the unsharded report.json, byte for byte apart from timing', async () => {
    const whole = temp();
    const shards = [temp(), temp(), temp()];
    const results = await Promise.all([
      cli('run', ...claims, '--out', whole),
      ...shards.map((out, i) => cli('run', ...claims, '--shard', `${i + 1}/3`, '--out', out)),
    ]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const merged = temp();
    // Inputs as directories, report.json or trials.jsonl, in any order.
    const m = await cli('merge', join(shards[2], 'report.json'), shards[0], join(shards[1], 'trials.jsonl'), '--out', merged);
    expect(m.code, m.stderr).toBe(0);
    expect(bareReport(merged)).toBe(bareReport(whole));
    // Each shard's own report covers only its trials, and says so.
    const parts = shards.map((dir) => JSON.parse(bareReport(dir)));
    const trials = (r: { claims: { results: { trials: number }[] }[] }) => r.claims.flatMap((c) => c.results).reduce((s, x) => s + x.trials, 0);
    expect(parts.map((p) => p.shard)).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
    // Shards run every trial (sequential stopping needs them all, in order): the whole run's full counts.
    const planned = (r: { claims: { results: { trials: number; planned?: number }[] }[] }) => r.claims.flatMap((c) => c.results).reduce((s, x) => s + (x.planned ?? x.trials), 0);
    expect(parts.reduce((s, p) => s + trials(p), 0)).toBe(planned(JSON.parse(bareReport(whole))));
  });

  it('rejects bad shards and incomplete merges with exit 2 and one line naming the field', async () => {
    // Malformed values of every flag are checked in-process (test/flags.test.ts); here the exit code.
    const one = temp();
    const file = join(temp(), 'a-file');
    writeFileSync(file, 'x');
    const [shard, run] = await Promise.all([cli('run', '--shard', '4/3', '--out', temp()), cli('run', ...claims, '--shard', '1/2', '--out', one)]);
    expectRejected(shard, '--shard', expect);
    expect(run.code).toBe(0);
    const [missing, empty, out] = await Promise.all([
      cli('merge', one, '--out', temp()),
      cli('merge', temp(), '--out', temp()),
      cli('merge', one, '--out', file),
    ]);
    expectRejected(missing, 'missing 2', expect);
    expectRejected(empty, 'merge FILE', expect);
    expectRejected(out, '--out', expect);
  });

  it('takes its shard from a Slurm array task\'s environment and says so; --shard wins', async () => {
    // One quick claim: what is checked here is which shard runs, not the claims. Each engine's variables are
    // checked in-process (test/runner/shard-env.test.ts).
    const quick = ['--claim', 'quadratic.recovery-threshold', '--scale', 'small', '--runs', '6', '--seed', '9', '--trainer-check', 'off', '--quiet'];
    const dirs = [temp(), temp(), temp()];
    const slurm = { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '2', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_STEP: '1' };
    const [explicit, fromEnv, wins, noIndex] = await Promise.all([
      cli('run', ...quick, '--shard', '2/3', '--out', dirs[0]),
      cliWith({ env: slurm }, 'run', ...quick, '--out', dirs[1]),
      cliWith({ env: { ...slurm, SLURM_ARRAY_TASK_ID: '0' } }, 'run', ...quick, '--shard', '2/3', '--out', dirs[2]),
      cli('run', ...quick, '--shards', '3', '--out', temp()),
    ]);
    expect([explicit, fromEnv, wins].map((r) => r.code)).toEqual([0, 0, 0]);
    expect(fromEnv.stderr).toContain('theorycheck: shard 2/3 from SLURM_ARRAY_TASK_ID=1 (SLURM_ARRAY_TASK_MIN=0, SLURM_ARRAY_TASK_COUNT=3)');
    expect(wins.stderr).not.toContain('from SLURM');
    // The same shard, so the same report.
    for (const dir of dirs.slice(1)) expect(bareReport(dir)).toBe(bareReport(dirs[0]));
    expectRejected(noIndex, '--shards', expect);
  });
});
