import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bareReport, cli, cliWith, expectRejected, trialLines } from './helpers';
import { slurmUnavailable, startLocalSlurm, type LocalSlurm } from '../helpers/slurm-cluster';

const temp = () => mkdtempSync(join(tmpdir(), 'tc-slurm-run-'));
// The quadratic family at the small scale: 260 trials, about 10 s of work a shard.
const runFlags = ['--claim', 'quadratic.*', '--scale', 'small', '--seed', '5'];

describe('theorycheck slurm submit --dry-run and bad input', () => {
  it('prints the run\'s config, both scripts and the sbatch commands, and writes nothing', async () => {
    const out = join(temp(), 'run');
    const dry = await cli('slurm', 'submit', ...runFlags, '--shards', '3', '--partition', 'cpu', '--time', '30', '--cpus-per-task', '2', '--sbatch-arg', '--mem=2G', '--sbatch-arg', '--exclusive', '--out', out, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    for (const text of [`# ${out}/slurm/run.json`, '"claim": [\n    "quadratic.*"\n  ]', '#SBATCH --array=1-3', '#SBATCH --partition=cpu', '#SBATCH --time=30', '#SBATCH --mem=2G', '#SBATCH --exclusive', '--shard "$SLURM_ARRAY_TASK_ID/3"', '--workers 2', `merge ${out}/shard-1 ${out}/shard-2 ${out}/shard-3 --out ${out}`, 'sbatch --parsable --dependency=afterok:']) {
      expect(dry.stdout).toContain(text);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('refuses bad input, a directory of no submission and a missing sbatch with exit 2 naming the field', async () => {
    // Each Slurm flag's values are checked in-process (slurm-flags.test.ts); here the exit code and the one line.
    const out = join(temp(), 'run');
    const results = await Promise.all([
      cli('slurm', 'submit', '--claim', 'quadratic.nope', '--shards', '3', '--out', out),
      cli('slurm', 'submit', '--claim', 'quadratic.*', '--shards', '3', '--time', '1h', '--out', out),
      cli('slurm', 'status', out),
      cliWith({ env: { PATH: '/nonexistent' } }, 'slurm', 'submit', '--claim', 'quadratic.*', '--shards', '2', '--out', out),
      // No shard can place --locate's rungs: each depends on every trial before it.
      cli('slurm', 'submit', '--claim', 'quadratic.*', '--locate', '--shards', '2', '--out', out, '--dry-run'),
    ]);
    ['--claim', '--time', 'slurm status DIR', 'sbatch', '--locate'].forEach((field, i) => expectRejected(results[i], field, expect));
  });
});

const unavailable = slurmUnavailable();
if (unavailable) process.stderr.write(`test/cli/slurm.test.ts: the local Slurm cluster test is skipped: ${unavailable}\n`);

describe.skipIf(unavailable)(`theorycheck slurm on a local Slurm cluster${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let slurm: LocalSlurm | undefined;
  beforeAll(async () => {
    slurm = await startLocalSlurm();
  }, 600_000);
  afterAll(() => slurm?.stop());

  it('runs 3 shards and their merge to the unsharded report; a task cancelled mid-run is finished by slurm resume, losing nothing', async () => {
    const { env, settle, state } = slurm!;
    const whole = temp();
    const out = join(temp(), 'run');
    const unsharded = cliWith({ env }, 'run', ...runFlags, '--quiet', '--out', whole);
    const submit = await cliWith({ env }, 'slurm', 'submit', ...runFlags, '--shards', '3', '--out', out);
    expect(submit.code, submit.stderr).toBe(0);
    const record = () => JSON.parse(readFileSync(join(out, 'slurm', 'submission.json'), 'utf8')) as { jobs: { array?: string; merge: string }[]; planned: number[] };
    const { array, merge } = record().jobs[0];
    expect(submit.stdout).toContain(`shards: job ${array} (array 1-3`);
    expect(submit.stdout).toContain(`merge:  job ${merge} (after every shard succeeds: --dependency=afterok:${array})`);
    expect(submit.stdout).toContain(`report: ${out}/report.json`);

    // Shard 2 cancelled once it has some trials, as a time limit or an operator would.
    const shard2 = join(out, 'shard-2');
    for (let waited = 0; trialLines(shard2) < 5; waited += 100) {
      expect(waited, 'shard 2 never started').toBeLessThan(300_000);
      await sleep(100);
    }
    execFileSync('scancel', [`${array}_2`], { env: { ...process.env, ...env } });
    await settle([array!], 300_000);
    expect(state(`${array}_2`)).toBe('CANCELLED');
    const kept = readFileSync(join(shard2, 'trials.jsonl'), 'utf8');
    const before = await cliWith({ env }, 'slurm', 'status', out, '--json');
    const shards = (JSON.parse(before.stdout) as { shards: { state: string; trials: number; planned: number }[] }).shards;
    expect(shards.map((s) => s.state)).toEqual(['finished', 'partial', 'finished']);
    expect(shards[1].trials).toBeLessThan(shards[1].planned);
    expect(existsSync(join(out, 'report.json'))).toBe(false);

    const resume = await cliWith({ env }, 'slurm', 'resume', out);
    expect(resume.code, resume.stderr).toBe(0);
    const again = record().jobs[1];
    expect(resume.stdout).toContain(`shards: job ${again.array} (shard 2;`);
    await settle([again.array!, again.merge], 300_000);
    expect(state(again.merge)).toBe('COMPLETED');

    // Nothing lost, nothing run twice: shard 2's checkpoint grew from what it had, each trial once.
    const lines = readFileSync(join(shard2, 'trials.jsonl'), 'utf8');
    expect(lines.startsWith(kept)).toBe(true);
    const keys = lines.split('\n').filter((l) => l.startsWith('{"trial"')).map((l) => JSON.parse(l).trial);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(record().planned[1]);
    const reference = await unsharded;
    expect(reference.code, reference.stderr).toBe(0);
    expect(bareReport(out)).toBe(bareReport(whole));
    const after = await cliWith({ env }, 'slurm', 'status', out);
    expect(after.stdout).toContain('3 shards: 3 finished, 0 partial, 0 not started');
    expect(readdirSync(join(out, 'slurm', 'logs')).sort()).toEqual([`merge.${again.merge}.log`, `shard-1.${array}.log`, `shard-2.${again.array}.log`, `shard-2.${array}.log`, `shard-3.${array}.log`].sort());
  }, 600_000);
});
