// Runs the real `theorycheck` command in a child process.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withoutTiming } from '../../src/report/json';

const exec = promisify(execFile);
export const bin = join(import.meta.dirname, '../../bin/theorycheck.js');

export async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliIn(process.cwd(), ...args);
}

/** The command run in another working directory (where it keeps its failure database). */
export async function cliIn(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({ cwd }, ...args);
}

/** Variables from which `run` takes its shard: unset for every command unless a test sets them. */
const SHARD_VARIABLES = ['THEORYCHECK_SHARD', 'THEORYCHECK_SHARDS', 'SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_MIN', 'SLURM_ARRAY_TASK_MAX', 'SLURM_ARRAY_TASK_COUNT', 'SLURM_ARRAY_TASK_STEP', 'JOB_COMPLETION_INDEX'];

/** The command with more environment variables (and in another working directory). */
export async function cliWith(
  { cwd = process.cwd(), env = {} }: { cwd?: string; env?: Record<string, string> },
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !SHARD_VARIABLES.includes(name)));
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args], { cwd, env: { ...inherited, NO_COLOR: '1', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** report.json of a directory without its timing fields, as text: what must agree byte for byte. */
export function bareReport(dir: string): string {
  return JSON.stringify(withoutTiming(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))), null, 2);
}

/** Exit 2 and one line on stderr naming `field`: never a stack trace. */
export function expectRejected(result: { code: number; stderr: string }, field: string, expect: typeof import('vitest').expect): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(field);
  expect(result.stderr).toMatch(/^theorycheck: .*; allowed: .+\n$/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** Trials in the checkpoint of a run writing to `dir` (0 before it exists). */
export function trialLines(dir: string): number {
  const file = join(dir, 'trials.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{"trial"')).length : 0;
}
