import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutTiming } from '../../src/report/json';
import { cli, expectRejected } from './helpers';

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

  it('rejects an --at outside the claim\'s domain, and an unknown --at key with a guess, in run, replay and falsify (exit 2)', async () => {
    const huge = await cli('run', '--claim', 'quadratic.recovery-threshold', '--at', 'd=1000000');
    expectRejected(huge, '--at d: got 1000000; allowed: an integer in [2, 32] for quadratic.recovery-threshold (d ≤ 32: ', expect);
    expectRejected(await cli('run', '--claim', 'quadratic.recovery-threshold', '--at', 'NoverNstar=2'), 'did you mean NOverNstar?', expect);
    expectRejected(await cli('replay', 'quadratic.recovery-threshold', '--seed', '1', '--at', 'dd=3'), 'did you mean d?', expect);
    expectRejected(await cli('falsify', 'quadratic.recovery-threshold', '--at', 'minOfset=-1'), 'did you mean minOffset?', expect);
    expectRejected(await cli('falsify', 'quadratic.recovery-threshold', '--at', 'dMax=100'), '--at dMax: got 100', expect);
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
    // Named by the parameters it ran at: N = 5 is N/N* = 5/6, not the default ratio 1.
    expect(ra.claims[0].results[0].scale).toEqual({ name: 'd=3,NOverNstar=0.833333,N=5', params: { d: 3, NOverNstar: 5 / 6, N: 5 } });
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

describe('falsify over the rungs (a claim without a search space)', () => {
  it('finds the smallest rung a broken trainer fails, shrinks its trial, and the replay line reproduces it', async () => {
    const broken = 'test/fixtures/broken-trainers/sign-flip-first-layer.ts';
    const found = await cli('falsify', 'quadratic.gd-recovers-below-barrier', '--trainer', broken);
    expect(found.code, found.stderr).toBe(1);
    expect(found.stdout).toMatch(/^smallest rung that disagrees: d=3 \(0\/\d+ passed, holds at ≥ 0\.9: disagrees\)\ncounterexample: \{"d":3,/);
    const replayLine = /replay: npx theorycheck (.*)/.exec(found.stdout)?.[1];
    expect(replayLine).toContain(`--trainer ${broken}`);
    const again = await cli(...replayLine!.trim().split(/\s+/));
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ pass: false, params: { d: 3 } });
  });

  it('finds nothing on the reference trainer, and refuses --at, which only a search space reads', async () => {
    const none = await cli('falsify', 'quadratic.gd-recovers-below-barrier');
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/^no counterexample: all \d+ rungs of the default ladder where quadratic\.gd-recovers-below-barrier holds agree/);
    expectRejected(await cli('falsify', 'quadratic.gd-recovers-below-barrier', '--at', 'd=3'), '--at', expect);
  });
});

describe('theorycheck --version', () => {
  it('--locate stops at the exact recovery threshold\'s resolution and says so in report.md', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tc-locate-'));
    const { code } = await cli('run', '--claim', 'quadratic.recovery-threshold', '--grep', 'd=3', '--locate', '--trainer-check', 'off', '--quiet', '--out', out);
    expect(code).toBe(0);
    const t = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).claims[0].transition;
    // N* = 6 at d = 3: no whole N lies strictly between the bracket's ends N* − 1 and N*.
    expect(t.locate).toEqual({ width: 0.1, series: [{ at: 3, added: 0, stop: expect.stringContaining('resolution') }] });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('--locate (relative width 0.1): d=3: 0 rungs placed, then no runnable rung left');
    // Refused with a shard: test/cli/flags.test.ts (the plan) and test/cli/slurm.test.ts (exit 2 from slurm submit).
  });

  it('prints the package version and exits 0', async () => {
    const result = await cli('--version');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('theorycheck run --grep', () => {
  it('runs only the rungs whose "claim-id rung-name" the pattern finds, resumes them as such, and refuses a pattern that finds none', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tc-grep-'));
    const r = await cli('run', '--claim', 'quadratic', '--scale', 'small', '-t', 'recovery-threshold d=3, N=1', '--json', '--quiet', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.claims.map((c: { id: string }) => c.id)).toEqual(['quadratic.recovery-threshold']);
    expect(report.claims[0].results.map((x: { scale: { name: string } }) => x.scale.name)).toEqual(['d=3, N=1·N* (6)']);
    const resumed = await cli('run', '--resume', out, '--json', '--quiet');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.stringify(withoutTiming(JSON.parse(resumed.stdout)))).toBe(JSON.stringify(withoutTiming(report)));
    for (const bad of ['no-such-rung', '(']) expectRejected(await cli('run', '--scale', 'small', '--grep', bad, '--out', out + '-bad'), '--grep', expect);
  });
});

