// Tests of batch-size.below-critical (properties/batch-size/below-critical.ts): the kit's, with the ratios of the
// small ladder, then a trainer without the probe and a trainer that does not train.
import { describe, expect, it } from 'vitest';
import { batchBelowCritical } from '../../../properties/batch-size/below-critical';
import { referenceTrainer } from '../../../src/core/train';
import type { Trainer } from '../../../src/contract/trainer';
import { describeClaim, rungRate } from '../../helpers/claim-kit';
import { batchRatios, batchUntrainedNotScored } from '../../helpers/online-claims';

describeClaim('batch-size', batchBelowCritical, { perRung: batchRatios });

describe('batch-size.below-critical: trainers', () => {
  it('a trainer that does not support the probe makes the trial skipped, not failed', async () => {
    const refuses: Trainer = { name: 'no-probe', supports: (r) => r.probe === undefined, train: referenceTrainer.train };
    const rung = batchBelowCritical.ladders.small[0];
    const { outcomes } = await rungRate(batchBelowCritical, { ...rung, runs: 1 }, { trainer: refuses });
    expect(outcomes[0].status).toBe('skipped');
  });

  it('a trainer that does not train is not scored on any gated rung: without a crossing at n_b = 1 there is no reference time', async () => {
    await batchUntrainedNotScored(batchBelowCritical);
  });
});
