import { describe, expect, it } from 'vitest';
import { runClaims } from '../../src/runner/run';
import { reportJson, withoutTiming } from '../../src/report/json';
import { reportMarkdown } from '../../src/report/markdown';
import { referenceTrainer } from '../../src/core/train/reference';
import { coinClaim, thresholdClaim } from '../helpers/toy-claims';

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
});
