import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutTiming } from '../../src/report/json';
import { cli } from './helpers';

describe('theorycheck command', () => {
  it('lists every claim', async () => {
    const { code, stdout } = await cli('list', '--json');
    expect(code).toBe(0);
    const rows = JSON.parse(stdout);
    expect(rows.map((r: { id: string }) => r.id)).toContain('quadratic.recovery-threshold');
  });

  it.each([
    [['run', '--claim', 'nope'], '--claim'],
    [['run', '--runs', '0'], '--runs'],
    [['run', '--scale', 'huge'], '--scale'],
    [['run', '--seed', 'abc'], '--seed'],
    [['run', '--claim', 'quadratic.recovery-threshold', '--at', 'd=x'], '--at d'],
    [['run', '--claim', 'quadratic.recovery-threshold', '--at', 'zz=1'], '--at'],
    [['run', '--trainer', 'missing.ts'], '--trainer'],
    [['run', '--bogus'], 'unknown option'],
  ])('rejects %j with one line naming the flag, exit 2', async (args, flag) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(flag);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('runs a custom rung with its expectation from the claim rule; same seed, same report', async () => {
    const out1 = mkdtempSync(join(tmpdir(), 'tc-'));
    const out2 = mkdtempSync(join(tmpdir(), 'tc-'));
    const args = ['run', '--claim', 'quadratic.recovery-threshold', '--at', 'd=3,N=5', '--runs', '5', '--seed', '3', '--quiet'];
    const a = await cli(...args, '--out', out1);
    const b = await cli(...args, '--out', out2);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const ra = JSON.parse(readFileSync(join(out1, 'report.json'), 'utf8'));
    const rb = JSON.parse(readFileSync(join(out2, 'report.json'), 'utf8'));
    expect(ra.claims[0].results[0]).toMatchObject({ expected: 'fails', passRate: 0, verdict: 'agrees' });
    expect(JSON.stringify(withoutTiming(ra))).toBe(JSON.stringify(withoutTiming(rb)));
  });

  it('shrinks a claim stated too strongly to d = 2, N = 2, and its printed replay command reproduces it', async () => {
    const found = await cli('falsify', 'quadratic.recovery-threshold', '--at', 'minOffset=-1', '--seed', '1');
    expect(found.code).toBe(1);
    expect(found.stdout).toContain('"d":2');
    expect(found.stdout).toContain('"N":2');
    const replayLine = /replay: npx theorycheck (.*)/.exec(found.stdout)?.[1];
    expect(replayLine).toBeDefined();
    const again = await cli(...replayLine!.trim().split(/\s+/));
    expect(again.code).toBe(1);
    const result = JSON.parse(again.stdout);
    expect(result.params).toMatchObject({ d: 2, N: 2 });
    expect(result.pass).toBe(false);
  });
});

describe('theorycheck --version', () => {
  it('prints the package version and exits 0', async () => {
    const result = await cli('--version');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
