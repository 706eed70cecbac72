// Tests of batch-size.beyond-critical (properties/batch-size/beyond-critical.ts): the kit's, with the ratios of the
// small ladder, then a trainer that does not train.
import { describe, it } from 'vitest';
import { batchBeyondCritical } from '../../../properties/batch-size/beyond-critical';
import { describeClaim } from '../../helpers/claim-kit';
import { batchRatios, batchUntrainedNotScored } from '../../helpers/online-claims';

describeClaim('batch-size', batchBeyondCritical, { perRung: batchRatios });

describe('batch-size.beyond-critical: trainers', () => {
  it('a trainer that does not train is not scored on any gated rung: without a crossing at n_b = 1 there is no reference time', async () => {
    await batchUntrainedNotScored(batchBeyondCritical);
  });
});
