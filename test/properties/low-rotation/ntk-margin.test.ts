// low-rotation.ntk-margin (properties/low-rotation/ntk-margin.ts): the kit's tests, every small-ladder trial scored
// through the fidelity rule, and the control without √m where CLAIMS T2 puts it.
import { describe, expect, it } from 'vitest';
import { ntkMarginConstant } from '../../../properties/low-rotation/ntk-margin';
import { faithfulTrials } from './faithful';
import { describeClaim } from '../../helpers/claim-kit';


describeClaim('low-rotation', ntkMarginConstant, { perRung: faithfulTrials });

describe('low-rotation.ntk-margin: ladders and controls', () => {

  it('T2: the check without √m fails at d = 12 (observed at d = 8, where it passes 13 of 100)', () => {
    expect(ntkMarginConstant.expect({ d: 12, m: 144, control: 1 }).outcome).toBe('fails');
    expect(ntkMarginConstant.expect({ d: 8, m: 64, control: 1 }).outcome).toBe('observe');
    for (const d of [8, 12]) expect(ntkMarginConstant.expect({ d, m: d * d, control: 0 }).outcome).toBe('holds');
  });
});
