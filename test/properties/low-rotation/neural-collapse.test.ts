// low-rotation.neural-collapse (properties/low-rotation/neural-collapse.ts): the kit's tests, every small-ladder
// trial scored through the fidelity rule, and the control with fewer than k/2 samples where CLAIMS T5 puts it.
import { describe, expect, it } from 'vitest';
import { neuralCollapse } from '../../../properties/low-rotation/neural-collapse';
import { faithfulTrials } from './faithful';
import { describeClaim } from '../../helpers/claim-kit';


describeClaim('low-rotation', neuralCollapse, { perRung: faithfulTrials });

describe('low-rotation.neural-collapse: ladders and controls', () => {

  it('T5: n < k/2 fails at k = 8, 16, 32', () => {
    for (const k of [8, 16, 32]) expect(neuralCollapse.expect({ k, n: Math.ceil(k / 2) - 1 }).outcome).toBe('fails');
  });
});
