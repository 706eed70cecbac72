// Faults injected into a run's files: checkpoint lines edited (with or without their checksum made to match),
// processes that are gone, the one-way-full /dev/full. Runs are of the toy claims, in-process.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { checkpointPath, planHash, sealLine, type RunConfig } from '../../src/runner/checkpoint';
import type { RunPlan } from '../../src/runner/plan';
import { flags, run, tempDir } from './harness';
import { coinClaim, thresholdClaim } from './toy-claims';

export const toyRegistry = [coinClaim, thresholdClaim];

/** A finished toy run: its directory, the report, and the lines of its checkpoint (header first). */
export async function toyRun(more: Partial<RunPlan> = {}) {
  const dir = tempDir();
  const { report } = await run(toyRegistry, flags(dir, more));
  return { dir, report, lines: readFileSync(checkpointPath(dir), 'utf8').split('\n').slice(0, -1) };
}

/** The 1-based number of the first line that starts with `prefix`. */
export function lineNumber(lines: readonly string[], prefix: string): number {
  return lines.findIndex((l) => l.startsWith(prefix)) + 1;
}

type Json = Record<string, any>;

/**
 * Line `n` (1-based) changed by `edit`; `reseal` makes its checksum match again (and, for the header, its plan
 * hash with 'plan'), as someone who knows the format would.
 */
export function edited(line: string, edit: (json: Json) => void, reseal: false | 'sum' | 'plan' = false): string {
  const { sum, ...json } = JSON.parse(line) as Json;
  edit(json);
  if (reseal === 'plan') json.planHash = planHash(json.config as RunConfig);
  return reseal ? sealLine(json).trimEnd() : JSON.stringify({ ...json, sum });
}

/** Writes `lines` as a checkpoint into a fresh directory; returns the directory. */
export function checkpointOf(lines: readonly string[], tail = ''): string {
  const dir = tempDir();
  writeFileSync(checkpointPath(dir), `${lines.join('\n')}\n${tail}`);
  return dir;
}

/** What a promise rejects with, or a function throws (undefined if neither). */
export async function failure(action: () => unknown): Promise<unknown> {
  try {
    await action();
    return undefined;
  } catch (err) {
    return err;
  }
}

/** The pid of a process that has ended (the kernel hands pids out in order, so it stays free for a while). */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** /dev/full: every write to it fails with ENOSPC, as on a full disk. */
export const DEV_FULL = existsSync('/dev/full') ? '/dev/full' : undefined;
