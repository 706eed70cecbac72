import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Expectation } from '../../src/contract/claim';
import type { Report } from '../../src/contract/report';
import { report, rung } from '../helpers/reports';
import { diffReports, diffTable, movedBeyondIntervals, readReport } from '../../src/report/diff';
import { cli } from '../cli/helpers';

const HOLDS: Expectation = { outcome: 'holds' };
const FAILS: Expectation = { outcome: 'fails' };
const OBSERVE: Expectation = { outcome: 'observe' };

describe('diffReports', () => {
  const base = report('reference', {
    'q.a': [rung('d=3', HOLDS, 20, 20), rung('d=3 control', FAILS, 0, 20), rung('d=5', OBSERVE, 10, 20)],
    'q.b': [rung('d=4', HOLDS, 19, 20), rung('gone', HOLDS, 20, 20)],
  });

  it('finds nothing between a report and itself', () => {
    const diff = diffReports(base, base);
    expect(diff.changes).toEqual([]);
    expect(diff.regressions).toBe(0);
    expect(diff.compared).toBe(5);
    expect(diffTable(diff)).toContain('no rung changed');
  });

  it('calls a fallen verdict a regression and a risen one an improvement', () => {
    const next = report('mine', {
      'q.a': [rung('d=3', HOLDS, 9, 20), rung('d=3 control', FAILS, 0, 20), rung('d=5', OBSERVE, 10, 20)],
      'q.b': [rung('d=4', HOLDS, 20, 20), rung('gone', HOLDS, 20, 20)],
    });
    const worse = report('mine', { 'q.a': [rung('d=3', HOLDS, 20, 20)], 'q.b': [rung('d=4', HOLDS, 12, 20)] });
    const diff = diffReports(base, next);
    expect(diff.changes.map((c) => [c.claim, c.rung, c.change])).toEqual([['q.a', 'd=3', 'regression']]);
    expect(diff.changes[0].why).toBe('verdict agrees → disagrees (20/20 → 9/20)');
    // 19/20 agrees (≥ 0.9), 12/20 disagrees: a regression; the reverse direction is an improvement.
    expect(diffReports(base, worse).changes.find((c) => c.rung === 'd=4')?.change).toBe('regression');
    expect(diffReports(worse, base).changes.find((c) => c.rung === 'd=4')?.change).toBe('improvement');
  });

  it('flags a rate that moved beyond both intervals, by its direction against the prediction', () => {
    const a = rung('r', OBSERVE, 2, 40);
    const b = rung('r', OBSERVE, 30, 40);
    expect(movedBeyondIntervals(a, b)).toBe(true);
    // 18/40 vs 22/40: each rate inside the other's interval.
    expect(movedBeyondIntervals(rung('r', OBSERVE, 18, 40), rung('r', OBSERVE, 22, 40))).toBe(false);
    // A fails rung whose rate rose significantly while still agreeing is possible only with many trials.
    const control = report('x', { c: [rung('control', { outcome: 'fails', pFail: 0.5 }, 0, 200)] });
    const drifted = report('y', { c: [rung('control', { outcome: 'fails', pFail: 0.5 }, 60, 200)] });
    const diff = diffReports(control, drifted);
    expect(diff.changes).toMatchObject([{ change: 'regression', why: expect.stringContaining('beyond both 95% intervals') }]);
    expect(diffReports(report('x', { c: [a] }), report('y', { c: [b] })).changes[0].change).toBe('moved');
  });

  it('lists rungs added and removed without calling them regressions; a rung no longer checked is one', () => {
    const next = report('mine', {
      'q.a': [rung('d=3', HOLDS, 20, 20), rung('d=3 control', FAILS, 0, 20), rung('d=5', OBSERVE, 10, 20), rung('new', HOLDS, 20, 20)],
      'q.b': [rung('d=4', HOLDS, 19, 20)],
    });
    const diff = diffReports(base, next);
    expect(diff.changes.map((c) => [c.rung, c.change]).sort()).toEqual([['gone', 'removed'], ['new', 'added']]);
    expect(diff.regressions).toBe(0);
    const unchecked = diffReports(base, report('mine', { 'q.a': [rung('d=3', HOLDS, 0, 0)] }));
    expect(unchecked.changes.find((c) => c.rung === 'd=3')).toMatchObject({ change: 'regression', why: 'verdict agrees → not-checked (20/20 → 0/0)' });
  });

  it('reads a report of version 1, whose rungs without scored trials were "skipped", as not checked', () => {
    const old = JSON.parse(JSON.stringify(base));
    old.claims[0].results[0].verdict = 'skipped';
    const dir = mkdtempSync(join(tmpdir(), 'theorycheck-diff-v1-'));
    writeFileSync(join(dir, 'report.json'), JSON.stringify(old));
    expect(readReport(join(dir, 'report.json'), 'diff BASE').claims[0].results[0].verdict).toBe('not-checked');
  });
});

describe('theorycheck diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'theorycheck-diff-'));
  const write = (name: string, r: Report) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(r));
    return file;
  };
  const baseFile = write('base.json', report('reference', { 'q.a': [rung('d=3', HOLDS, 20, 20)] }));
  const sameFile = write('same.json', report('mine', { 'q.a': [rung('d=3', HOLDS, 20, 20)] }));
  const worseFile = write('worse.json', report('mine', { 'q.a': [rung('d=3', HOLDS, 3, 20)] }));

  it('exits 0 without a regression and 1 with one, naming the rung', async () => {
    const same = await cli('diff', baseFile, sameFile);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('0 regressions');
    const worse = await cli('diff', baseFile, worseFile);
    expect(worse.code, worse.stderr).toBe(1);
    expect(worse.stdout).toMatch(/regression\s+q\.a\s+d=3\s+holds\s+20\/20 1\.00 \[0\.84, 1\.00\] agrees\s+3\/20 0\.15 \[0\.05, 0\.36\] disagrees/);
    const json = await cli('diff', baseFile, worseFile, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ regressions: 1, changes: [{ claim: 'q.a', change: 'regression' }] });
  });

  it('refuses a file that is not a report with exit 2', async () => {
    const bad = write('bad.json', { claims: 3 } as unknown as Report);
    const result = await cli('diff', baseFile, bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^theorycheck: diff NEW .*allowed: a report.json written by theorycheck run/);
    expect((await cli('diff', baseFile, join(dir, 'missing.json'))).code).toBe(2);
  });

  it('refuses a shard\'s report and two reports with no rung in common, with exit 2 saying so', async () => {
    const shard = write('shard.json', { ...report('mine', { 'q.a': [rung('d=3', HOLDS, 7, 7)] }), shard: { index: 1, count: 3 } });
    const sharded = await cli('diff', baseFile, shard);
    expect(sharded.code).toBe(2);
    expect(sharded.stderr).toMatch(/^theorycheck: diff NEW: .*allowed: the report of a whole run, not of shard 1\/3: combine the shards with `theorycheck merge` first\n$/);
    const other = write('other.json', report('mine', { 'q.z': [rung('d=3', HOLDS, 20, 20)] }));
    const disjoint = await cli('diff', baseFile, other);
    expect(disjoint.code).toBe(2);
    expect(disjoint.stderr).toMatch(/^theorycheck: diff: got "base claims: q.a; new claims: q.z"; allowed: two reports with at least one rung in common/);
  });
});
