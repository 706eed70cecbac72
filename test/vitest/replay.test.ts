// A claim failing as a vitest test prints a replay line; run as printed, from the project, it fails the same way.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { cliIn } from '../cli/helpers';

const exec = promisify(execFile);
const repo = join(import.meta.dirname, '../..');
const vitestBin = join(repo, 'node_modules/vitest/vitest.mjs');

it('the replay line of a failing claim test reproduces its failure', { timeout: 180_000 }, async () => {
  let output = '';
  try {
    await exec(process.execPath, [vitestBin, 'run', '--root', join(import.meta.dirname, 'fixture-replay')], { cwd: repo, env: { ...process.env, NO_COLOR: '1' } });
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    expect(e.code).toBe(1);
    output = e.stdout + e.stderr;
  }
  expect(output).toContain('quadratic.gd-recovers-below-barrier d=5');
  const line = /npx theorycheck (replay quadratic\.gd-recovers-below-barrier [^\n;]*--trainer test\/fixtures\/broken-trainers\/sign-flip-first-layer\.ts)/.exec(output)?.[1];
  expect(line, output).toBeDefined();
  const again = await cliIn(repo, ...(line as string).trim().split(/\s+/));
  expect(again.code, again.stderr).toBe(1);
  expect(JSON.parse(again.stdout)).toMatchObject({ pass: false, params: { d: 5 } });
});
