import { describe, expect, it } from 'vitest';
import { runClaims } from '../../src/runner/run';
import { reportJson, withoutTiming } from '../../src/report/json';
import { reportMarkdown } from '../../src/report/markdown';
import { referenceTrainer } from '../../src/core/train/reference';
import { coinClaim, thresholdClaim } from '../helpers/toy-claims';
import { transitionClaim } from '../helpers/reports';
import { assembleReport } from '../../src/runner/run';

describe('report', () => {
  it('writes one table per claim with rates, intervals, verdicts and replay commands', async () => {
    const report = await runClaims([coinClaim, thresholdClaim], { seed: 1, trainer: referenceTrainer, scale: 'small' });
    const md = reportMarkdown(report);
    expect(md).toContain('## toy.coin');
    expect(md).toContain('## toy.threshold');
    expect(md).toMatch(/\| p=0\.97,kMax=10 \| \d+\/200 \|/);
    expect(md).toContain('npx theorycheck replay toy.threshold --seed');
    expect(md).toContain('**disagrees**');
    expect(report.summary.rungs).toMatchObject({ agrees: 2, disagrees: 1 });
    expect(md).toContain('**Verdict: DISAGREES with the papers** (exit 1).');
    expect(md).toContain(`not agreeing with the paper (trainer reference): ${thresholdClaim.id}`);
  });

  it('drops exactly the timing fields for comparisons', async () => {
    const report = await runClaims([coinClaim], { seed: 1, trainer: referenceTrainer, scale: 'small' });
    const bare = withoutTiming(report);
    expect(JSON.stringify(bare)).not.toContain('"seconds"');
    expect(JSON.stringify(bare)).not.toContain('startedAt');
    expect(bare.claims[0].results[0].passes).toBe(report.claims[0].results[0].passes);
    expect(reportJson(report).endsWith('}\n')).toBe(true);
  });

  it('prints where the transition was located on each series and its exponent against the paper\'s', () => {
    const claim = transitionClaim();
    const md = reportMarkdown(assembleReport([claim], { seed: 1, trainer: 't', scale: 'default', startedAt: new Date(0), seconds: 1 }));
    // Symmetric rates about n = 4·(d/8): the 50% point is there, and n ∝ d exactly.
    expect(md).toContain('Located transition (n ~ d): a logistic fit of the pass rate against log n per d, passing above the threshold');
    expect(md).toMatch(/- d=8: threshold at n = 4 \[\d\.\d+, \d\.\d+\] · 5 rungs, 100 trials/);
    expect(md).toMatch(/- d=16: threshold at n = 8 \[/);
    expect(md).toMatch(/- exponent 1 \[0\.\d+, 1\.\d+\] \(paper: 1\), inside the interval \(weighted least squares/);
  });
});
