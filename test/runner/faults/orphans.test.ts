// theorycheck ended by SIGINT, SIGTERM or kill -9 while trainer processes run: no worker and no trainer process
// (even one that ignores SIGTERM and its stdin closing) outlives it; SIGINT and SIGTERM say how to resume, and the
// resumed run writes the uninterrupted run's report.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { bareReport, bin, cli, trialLines } from '../../cli/helpers';
import { descendants, survivors } from '../../helpers/processes';

const trainer = (mode: string) => `"${process.execPath}" ${join(import.meta.dirname, '../../fixtures/trainers/slow-process.mjs')} 250 ${mode}`;
const args = (mode: string, out: string, workers: string) =>
  ['run', '--claim', 'quadratic.identity-below-barrier', 'quadratic.gd-recovers-below-barrier', '--scale', 'small', '--runs', '8', '--seed', '2', '--trainer-check', 'off', '--no-shrink', '--quiet', '--workers', workers, '--trainer-cmd', trainer(mode), '--out', out];

/**
 * Starts a run, waits for its first trials and its trainer processes, sends `signal` (to the run's whole process
 * group with `group`, as a CI time limit does); its exit and its descendants.
 */
async function interrupted(signal: NodeJS.Signals, mode: string, workers: string, out: string, group = false) {
  const run = spawn(process.execPath, [bin, ...args(mode, out, workers)], { stdio: ['ignore', 'ignore', 'pipe'], detached: group });
  let stderr = '';
  run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => run.on('exit', (code) => resolve(code)));
  // Trials in the checkpoint: the workers are up and their trainer processes busy.
  while (trialLines(out) < 2) await sleep(20);
  const children = descendants(run.pid as number);
  if (group) process.kill(-(run.pid as number), signal);
  else run.kill(signal);
  const code = await exited;
  return { code, stderr, children, left: await survivors(children) };
}

describe('no process outlives theorycheck', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: exit ${code}, every worker and trainer process ended, a resume hint`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'tc-sig-'));
      const r = await interrupted(signal, 'stubborn', '2', out);
      // Two workers, each with its trainer process.
      expect(r.children.length).toBeGreaterThanOrEqual(4);
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toContain(`theorycheck: interrupted (${signal}); the finished trials are saved in ${out}/trials.jsonl; resume with: theorycheck run --resume ${out}`);
      expect(r.left).toEqual([]);
    });
  }

  it('kill -9: the workers see the run gone and end their trainer processes, even stubborn ones', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tc-k9-'));
    const r = await interrupted('SIGKILL', 'stubborn', '1', out);
    expect(r.children.length).toBeGreaterThanOrEqual(2);
    expect(r.left).toEqual([]);
  });

  it('kill -9 of the run\'s whole process group: the trainer processes (in groups of their own) end with their workers', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tc-k9g-'));
    const r = await interrupted('SIGKILL', 'stubborn', '2', out, true);
    expect(r.children.length).toBeGreaterThanOrEqual(4);
    expect(r.left).toEqual([]);
  });

  it('a run interrupted by SIGINT and resumed writes the uninterrupted run\'s report, byte for byte', async () => {
    const [cut, whole] = [mkdtempSync(join(tmpdir(), 'tc-cut-')), mkdtempSync(join(tmpdir(), 'tc-whole-'))];
    const r = await interrupted('SIGINT', 'polite', '1', cut);
    expect(r.code).toBe(130);
    const [resumed, uninterrupted] = await Promise.all([cli('run', '--resume', cut, '--quiet'), cli(...args('polite', whole, '1'))]);
    expect(resumed.code, resumed.stderr).toBe(uninterrupted.code);
    expect(bareReport(cut)).toBe(bareReport(whole));
  });
});
