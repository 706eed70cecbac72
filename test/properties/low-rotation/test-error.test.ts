// low-rotation.test-error (properties/low-rotation/test-error.ts): the kit's tests, every small-ladder trial scored
// through the fidelity rule, the controls where CLAIMS T3 puts them, and a fidelity run that is compared.
import { describe, expect, it } from 'vitest';
import { lowTestError } from '../../../properties/low-rotation/test-error';
import { type Rung } from '../../../src/contract/claim';
import type { Trainer } from '../../../src/contract/trainer';
import { referenceTrainer } from '../../../src/core/train';
import { faithfulTrials } from './faithful';
import { describeClaim, rungRate } from '../../helpers/claim-kit';


const holds = lowTestError.ladders.small.find((r) => r.expected.outcome === 'holds') as Rung;

describeClaim('low-rotation', lowTestError, { perRung: faithfulTrials });

describe('low-rotation.test-error: ladders and controls', () => {

  it('T3: n = d²/4 and d/4 fail at d = 8, 12, 16; n = d² holds', () => {
    for (const d of [8, 12, 16]) {
      for (const n of [(d * d) / 4, Math.round(d / 4)]) expect(lowTestError.expect({ d, n }).outcome).toBe('fails');
      expect(lowTestError.expect({ d, n: d * d }).outcome).toBe('holds');
    }
  });

  it('the fidelity run is compared: a trainer that lands elsewhere at 2η leaves the trial unscored', async () => {
    // Behaves like the reference trainer in the run at η, but inflates W by 10% after every segment of the
    // run at 2η (recognised by its first request: the initial weights with lr = 2η = 8).
    let first: number | undefined;
    let inflate = false;
    const coarse: Trainer = {
      name: 'coarse',
      supports: referenceTrainer.supports,
      train: async (r) => {
        first ??= r.network.W[0];
        if (r.network.W[0] === first) inflate = r.algorithm.lr === 8;
        const out = await referenceTrainer.train(r);
        return inflate ? { ...out, W: out.W.map((w) => 1.1 * w) } : out;
      },
    };
    const { outcomes } = await rungRate(lowTestError, { ...holds, runs: 1 }, { trainer: coarse });
    expect(outcomes[0].status).toBe('not-scored');
    expect(outcomes[0].reason).toMatch(/not gradient flow/);
  });
});
