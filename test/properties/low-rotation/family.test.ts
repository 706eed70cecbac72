// properties/low-rotation/family.ts: every claim of the family reads the network its gradient-flow runs return.
import { describe, expect, it } from 'vitest';
import { marginsGrow } from '../../../properties/low-rotation/margins-grow';
import { neuralCollapse } from '../../../properties/low-rotation/neural-collapse';
import { normOnlyMaxMargin } from '../../../properties/low-rotation/norm-only-max-margin';
import { ntkMarginConstant } from '../../../properties/low-rotation/ntk-margin';
import { lowTestError } from '../../../properties/low-rotation/test-error';
import { weightsMoveLittle } from '../../../properties/low-rotation/weights-move-little';
import type { Claim, Rung } from '../../../src/contract/claim';
import { idleTrainer, rungRate } from '../../helpers/claim-kit';

const lowRotationClaims: Claim<any>[] = [marginsGrow, ntkMarginConstant, lowTestError, weightsMoveLittle, neuralCollapse, normOnlyMaxMargin];

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
});
