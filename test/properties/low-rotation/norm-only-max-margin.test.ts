// low-rotation.norm-only-max-margin (properties/low-rotation/norm-only-max-margin.ts): the kit's tests, every
// small-ladder trial scored through the fidelity rule, the first-fit control, and a trainer that rotates rows.
import { describe, expect, it } from 'vitest';
import { normOnlyMaxMargin } from '../../../properties/low-rotation/norm-only-max-margin';
import { type Rung } from '../../../src/contract/claim';
import type { Trainer } from '../../../src/contract/trainer';
import { referenceTrainer } from '../../../src/core/train';
import { faithfulTrials } from './faithful';
import { describeClaim, rungRate } from '../../helpers/claim-kit';


describeClaim('low-rotation', normOnlyMaxMargin, { perRung: faithfulTrials });

describe('low-rotation.norm-only-max-margin: ladders, controls and trainers', () => {

  it('T6: the first fit fails', () => {
    for (const d of [8, 12]) expect(normOnlyMaxMargin.expect({ d, lossExp: 0 }).outcome).toBe('fails');
  });

  it('a trainer that rotates norm-only rows is reported as an error', async () => {
    const rotating: Trainer = {
      name: 'rotating',
      supports: referenceTrainer.supports,
      train: async (r) => {
        const out = await referenceTrainer.train(r);
        const W = out.W.slice();
        // Tilt every row towards the first coordinate by 1e−6 of its norm: far above rounding.
        const d = r.network.d;
        for (let j = 0; j < r.network.m; j++) W[j * d] += 1e-6 * Math.hypot(...W.subarray(j * d, (j + 1) * d));
        return { ...out, W };
      },
    };
    const rung = { ...(normOnlyMaxMargin.ladders.small.find((r) => r.expected.outcome === 'fails') as Rung), runs: 1 };
    const { outcomes } = await rungRate(normOnlyMaxMargin, rung, { trainer: rotating });
    expect(outcomes[0].status).toBe('error');
    expect(outcomes[0].reason).toMatch(/rotated/);
  });
});
