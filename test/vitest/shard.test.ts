import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runClaims } from '../../src/runner/run';
import { reportJson, withoutTiming } from '../../src/report/json';
import { referenceTrainer } from '../../src/core/train/reference';
import { coinClaim, thresholdClaim } from '../helpers/toy-claims';

const exec = promisify(execFile);
const root = join(import.meta.dirname, 'fixture');
const vitestBin = join(import.meta.dirname, '../../node_modules/vitest/vitest.mjs');
const temp = () => mkdtempSync(join(tmpdir(), 'tc-vitest-'));

/** `vitest run` in the fixture project; exit code 1 means some test failed. */
async function vitest(args: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [vitestBin, 'run', '--root', root, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

const bare = (dir: string) => reportJson(withoutTiming(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))));

describe('claims as vitest tests, on one machine and on two shards', () => {
  it('passes agreeing rungs, fails a disagreeing one, and writes the same report.json as theorycheck run and as 2 merged shards', async () => {
    const single = temp();
    const merged = temp();
    const blobs = temp();
    const json = join(temp(), 'results.json');
    const [one, shard1, shard2] = await Promise.all([
      vitest([], { THEORYCHECK_OUT: single, VITEST_JSON: json }),
      vitest(['--shard=1/2', '--reporter=blob', `--outputFile=${join(blobs, 'blob-1-2.json')}`]),
      vitest(['--shard=2/2', '--reporter=blob', `--outputFile=${join(blobs, 'blob-2-2.json')}`]),
    ]);
    // The threshold claim's holds rung fails in the fixture: vitest exits 1 there and in the shard that has it.
    expect(one.code, one.output).toBe(1);
    expect([shard1.code, shard2.code].sort()).toEqual([0, 1]);
    const results = JSON.parse(readFileSync(json, 'utf8')) as { testResults: { assertionResults: { fullName: string; status: string }[] }[] };
    const states = Object.fromEntries(results.testResults.flatMap((f) => f.assertionResults.map((a) => [a.fullName, a.status])));
    expect(states).toEqual({
      // Each claimTests call checks first that its trainer trains.
      'theorycheck trainer check: reference trains': 'passed',
      'toy.coin p=0.97,kMax=10': 'passed',
      'toy.coin p=0.03,kMax=10': 'passed',
      'toy.threshold threshold=7,kMax=100': 'failed',
    });
    const merge = await vitest([`--merge-reports=${blobs}`], { THEORYCHECK_OUT: merged });
    expect(merge.code, merge.output).toBe(1);
    expect(bare(merged)).toBe(bare(single));
    // The same report as `theorycheck run` over the fixture's claims (files in path order): coin, then threshold.
    const direct = await runClaims([coinClaim, thresholdClaim], { seed: 7, scale: 'small', trainer: referenceTrainer, sequential: true });
    expect(bare(single)).toBe(reportJson(withoutTiming(direct)));
    expect(direct.claims[1].results[0].counterexample).toBeDefined();
  });
});
