// The verdict a user sees: one function decides it, and the terminal, report.json, report.md and report.html say
// the same; a trainer that does not train, or a rung that was not scored, never makes a run pass.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/contract/report';
import { CLAIM_LABEL, OUTCOME_LABEL } from '../../src/report/format';
import { cli } from './helpers';

const fixtures = join(import.meta.dirname, '../fixtures');
const lazy = (name: string) => join(fixtures, 'broken-trainers', `lazy-${name}.ts`);
const out = () => mkdtempSync(join(tmpdir(), 'theorycheck-verdicts-'));
const read = (dir: string) => ({
  json: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report,
  md: readFileSync(join(dir, 'report.md'), 'utf8'),
  html: readFileSync(join(dir, 'report.html'), 'utf8'),
});

/** The terminal, report.json, report.md and report.html give the same run verdict and the same verdict per claim. */
function expectOneVerdict(stdout: string, dir: string, code: number): Report {
  const { json, md, html } = read(dir);
  const { summary } = json;
  expect(summary.exitCode).toBe(code);
  const line = `${OUTCOME_LABEL[summary.outcome]} (exit ${summary.exitCode})`;
  expect(stdout).toContain(line);
  expect(md).toContain(`**Verdict: ${OUTCOME_LABEL[summary.outcome]}** (exit ${summary.exitCode})`);
  expect(html).toContain(`data-outcome="${summary.outcome}"`);
  for (const [verdict, count] of Object.entries(summary.claims)) {
    expect(stdout).toContain(`${count} ${CLAIM_LABEL[verdict as keyof typeof CLAIM_LABEL]}`);
    expect(html).toContain(`<b>${count}</b>claims ${CLAIM_LABEL[verdict as keyof typeof CLAIM_LABEL]}`);
  }
  for (const c of json.claims) {
    expect(md).toMatch(new RegExp(`\\| \\[${c.id.replace('.', '\\.')}\\]\\([^)]*\\) \\| \\d+/\\d+ \\| (\\*\\*)?${c.verdict}(\\*\\*)? \\|`));
    expect(html).toMatch(new RegExp(`data-claim="${c.id}" data-verdict="${c.verdict}"`));
  }
  return json;
}

describe('honest verdicts from the command line', () => {
  it('a trainer that does not train fails the run at once (exit 1), naming the problems with their numbers', async () => {
    const dir = out();
    const r = await cli('run', '--claim', 'quadratic', '--scale', 'small', '--quiet', '--out', dir, '--trainer', lazy('zero-steps'));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/did not train: gd, first layer: loss 9\.569e-2 → 9\.569e-2 over the 40 requested steps \(the trainer reports 0\)/);
    const report = expectOneVerdict(r.stdout, dir, 1);
    expect(report.summary.outcome).toBe('did-not-train');
    expect(report.claims).toEqual([]);
    expect(read(dir).md).toContain('## Trainer check');
  });

  it('without the check, the claims themselves fail a trainer that does not train: its rungs are never a pass', async () => {
    const dir = out();
    const r = await cli('run', '--claim', 'quadratic.trained-recovery', '--scale', 'small', '--quiet', '--no-shrink', '--out', dir, '--trainer', lazy('zero-steps'), '--trainer-check', 'off');
    expect(r.code, r.stdout).toBe(4);
    expect(r.stdout).toMatch(/not checked: quadratic\.trained-recovery d=3, N\/N\*=2: \d+ of \d+ trials not scored: not fitted/);
    const report = expectOneVerdict(r.stdout, dir, 4);
    expect(report.trainerCheck).toBeUndefined();
    expect(report.claims[0].results.every((x) => x.verdict === 'not-checked')).toBe(true);
  });

  it('a rung the trainer declines is not checked (exit 4); --allow-unsupported lets it through, still reported as not checked', async () => {
    const trainer = join(fixtures, 'trainers', 'no-quadratic.ts');
    const args = ['run', '--claim', 'quadratic.trained-recovery', '--scale', 'small', '--quiet', '--no-shrink', '--trainer', trainer];
    const strict = out();
    const r = await cli(...args, '--out', strict);
    expect(r.code, r.stdout).toBe(4);
    expect(r.stdout).toContain('trainer check: passed, 9 of 9 standard problems trained as the reference trainer does (1 declined by the trainer)');
    expect(r.stdout).toMatch(/not checked: quadratic\.trained-recovery d=3, N\/N\*=0\.5: \d+ of \d+ trials not scored: trainer no-quadratic does not support quadratic GD/);
    expectOneVerdict(r.stdout, strict, 4);
    const lenient = out();
    const allowed = await cli(...args, '--out', lenient, '--allow-unsupported');
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(allowed.stdout).toContain('(allowed: --allow-unsupported)');
    const report = expectOneVerdict(allowed.stdout, lenient, 0);
    expect(report.claims[0].verdict).toBe('not-checked');
    expect(report.summary.claims.agrees).toBe(0);
  });

  it('an observe-only claim is counted apart from agreeing ones, the same in every format', async () => {
    const dir = out();
    const r = await cli('run', '--claim', 'clustering.statistical-gap', '--claim', 'quadratic.recovery-threshold', '--scale', 'small', '--quiet', '--out', dir);
    expect(r.code, r.stdout).toBe(0);
    const report = expectOneVerdict(r.stdout, dir, 0);
    expect(report.claims.map((c) => [c.id, c.verdict])).toEqual([['quadratic.recovery-threshold', 'agrees'], ['clustering.statistical-gap', 'observe-only']]);
    expect(report.summary.claims).toMatchObject({ agrees: 1, 'observe-only': 1 });
  });
});
