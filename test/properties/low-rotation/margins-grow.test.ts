// low-rotation.margins-grow (properties/low-rotation/margins-grow.ts): the kit's tests, every small-ladder trial
// scored through the fidelity rule, and the SGD control where CLAIMS T1 puts it.
import { describe, expect, it } from 'vitest';
import { marginsGrow } from '../../../properties/low-rotation/margins-grow';
import { faithfulTrials } from './faithful';
import { describeClaim } from '../../helpers/claim-kit';


describeClaim('low-rotation', marginsGrow, { perRung: faithfulTrials });

describe('low-rotation.margins-grow: ladders and controls', () => {

  it('T1: SGD with batch 8 fails at d = 8 and 12, GD holds there', () => {
    for (const d of [8, 12]) {
      expect(marginsGrow.expect({ d, batch: 8 }).outcome).toBe('fails');
      expect(marginsGrow.expect({ d, batch: 0 }).outcome).toBe('holds');
    }
  });
});
