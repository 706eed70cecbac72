// properties/low-rotation/family.ts: every claim of the family reads the network its gradient-flow runs return.
import { describe, expect, it } from 'vitest';
import { escapesBadKkt } from '../../../properties/low-rotation/escapes-kkt';
import { marginsGrow } from '../../../properties/low-rotation/margins-grow';
import { neuralCollapse } from '../../../properties/low-rotation/neural-collapse';
import { normOnlyMaxMargin } from '../../../properties/low-rotation/norm-only-max-margin';
import { ntkMarginConstant } from '../../../properties/low-rotation/ntk-margin';
import { lowTestError } from '../../../properties/low-rotation/test-error';
import { weightsMoveLittle } from '../../../properties/low-rotation/weights-move-little';
import type { Claim, Rung } from '../../../src/contract/claim';
import type { Trainer } from '../../../src/contract/trainer';
import { idleTrainer, rungRate } from '../../helpers/claim-kit';

const lowRotationClaims: Claim<any>[] = [marginsGrow, ntkMarginConstant, escapesBadKkt, lowTestError, weightsMoveLittle, neuralCollapse, normOnlyMaxMargin];

describe('the checks read the trained network', () => {
  const idle = idleTrainer;

  it('an untrained network never passes a holds rung: every claim sees it unfitted (not scored)', async () => {
    for (const claim of lowRotationClaims) {
      const rung = claim.ladders.small.find((r) => r.expected.outcome === 'holds') as Rung;
      const { outcomes, passes } = await rungRate(claim, { ...rung, runs: 1 }, { trainer: idle });
      expect(passes, claim.id).toBe(0);
      expect(outcomes[0].status, claim.id).toBe('not-scored');
    }
  });

  it('a trainer that stops at a loss of its own below the target, while the loss here is above it, is told so', async () => {
    // Its logistic loss rounds to 0 (as log(1 + e^{−t}) does once e^{−t} < 1.1e−16): it claims any target at once.
    const rounding: Trainer = { name: 'rounding', supports: () => true, train: (r) => ({ W: r.network.W, a: r.network.a, steps: 0, trace: { step: [0], loss: [0] } }) };
    const rung = escapesBadKkt.ladders.small.find((r) => r.expected.outcome === 'holds') as Rung;
    const { outcomes } = await rungRate(escapesBadKkt, { ...rung, runs: 1 }, { trainer: rounding });
    expect(outcomes[0].status).toBe('not-scored');
    expect(outcomes[0].reason).toMatch(/stopped early at a loss of its own of 0\.00e\+0/);
  });
});
