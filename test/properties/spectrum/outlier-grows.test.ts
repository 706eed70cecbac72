import { describe, expect, it } from 'vitest';
import { outlierGrows } from '../../../properties/spectrum/outlier-grows';
import { rungName } from '../../../src/contract/claim';
import { describeClaim, rungRate } from '../../helpers/claim-kit';
import lrIgnored from '../../fixtures/broken-trainers/lr-ignored';

describeClaim('spectrum', outlierGrows, {
  // CLAIMS S3 has no control in η or in the target (notes): its control is the named broken trainer bug-lr-ignored.
  controlTrainer: { trainer: lrIgnored, why: 'every step at lr 0.01 leaves λ_max flat' },
  perRung(_claim, _rung, rate) {
    expect(rate.outcomes.every((r) => r.status === 'ok'), rate.outcomes.map((r) => r.reason).join('; ')).toBe(true);
  },
});

describe('the negative control', () => {
  it('S3 negative control: bug-lr-ignored (every step at lr 0.01) leaves λ_max flat and fails every trial', async () => {
    for (const rung of outlierGrows.ladders.small) {
      expect(rung.expected.outcome).toBe('holds');
      const { outcomes, scored, passes } = await rungRate(outlierGrows, { ...rung, runs: 5 }, { trainer: lrIgnored });
      expect(scored).toBe(5);
      expect(passes, rungName(rung)).toBe(0);
      for (const r of outcomes) {
        expect(r.status).toBe('ok');
        expect(Math.abs(r.observables.ratio - 1)).toBeLessThan(0.02);
      }
    }
  });
});

describe('expectations at custom parameters (--at)', () => {
  it('read the thresholds from the parameters', () => {
    expect(outlierGrows.expect({ d: 32, p: 64, n0OverD: 4, target: 0, etaMaxOverD: 1 }).outcome).toBe('observe');
  });
});
