import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { bareReport, bin, cli, expectRejected, trialLines } from './helpers';

// gd-recovers-below-barrier trains by GD (about 0.1 s a trial): slow enough to be killed mid-run.
const args = ['run', '--claim', 'quadratic.gd-recovers-below-barrier', 'quadratic.recovery-threshold', '--scale', 'small', '--runs', '10', '--seed', '4', '--quiet'];
const temp = () => mkdtempSync(join(tmpdir(), 'tc-resume-'));


/** Starts `theorycheck ...args` and kill -9s it once the checkpoint holds `lines` trials; fails if it finished first. */
async function killAfter(commandArgs: string[], dir: string, lines: number): Promise<number> {
  const child = spawn(process.execPath, [bin, ...commandArgs], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let done = false;
  void exited.then(() => (done = true));
  while (!done && trialLines(dir) < lines) await sleep(5);
  child.kill('SIGKILL');
  expect(await exited, 'the run was still going when killed').toBe('SIGKILL');
  return trialLines(dir);
}

describe('theorycheck run --resume after kill -9', () => {
  it('finishes a twice-killed run without losing or recomputing a finished trial; the same report.json', async () => {
    const whole = temp();
    const killed = temp();
    const [reference, first] = await Promise.all([cli(...args, '--out', whole), killAfter([...args, '--out', killed], killed, 5)]);
    expect(reference.code, reference.stderr).toBe(0);
    const total = trialLines(whole);
    expect(first).toBeGreaterThanOrEqual(5);
    expect(first).toBeLessThan(total);
    const second = await killAfter(['run', '--resume', killed, '--quiet'], killed, first + 8);
    expect(second).toBeGreaterThan(first);
    expect(second).toBeLessThan(total);
    const last = await cli('run', '--resume', killed, '--quiet');
    expect(last.code, last.stderr).toBe(0);
    // Every trial once: a recomputed trial would append a second line with its key.
    const keys = readFileSync(join(killed, 'trials.jsonl'), 'utf8').split('\n').filter((l) => l.startsWith('{"trial"')).map((l) => JSON.parse(l).trial);
    expect(keys).toHaveLength(total);
    expect(new Set(keys).size).toBe(total);
    expect(bareReport(killed)).toBe(bareReport(whole));
  });

  it('refuses a directory without a checkpoint, and run flags beside --resume, with exit 2', async () => {
    const dir = temp();
    const results = await Promise.all([cli('run', '--resume', dir), cli('run', '--resume', dir, '--seed', '2')]);
    expectRejected(results[0], '--resume', expect);
    expectRejected(results[1], '--seed', expect);
  });
});
