// low-rotation.neural-collapse (properties/low-rotation/neural-collapse.ts): the kit's tests, every small-ladder
// trial scored through the fidelity rule, and the control with fewer than k/2 samples where CLAIMS T5 puts it.
import { describe, expect, it } from 'vitest';
import { neuralCollapse } from '../../../properties/low-rotation/neural-collapse';
import { rungName, type Claim, type Rung } from '../../../src/contract/claim';
import { describeClaim, type RungRate } from '../../helpers/claim-kit';

/** Every trial of a small rung scored, and it passed the gradient-flow fidelity rule (SGD controls report 0). */
function faithfulTrials(_claim: Claim<any>, _rung: Rung, rate: RungRate): void {
  for (const o of rate.outcomes) {
    expect(o.status, o.reason).toBe('ok');
    expect(o.observables.halving ?? 0).toBeLessThan(0.05);
  }
}


describeClaim('low-rotation', neuralCollapse, { perRung: faithfulTrials });

describe('low-rotation.neural-collapse: ladders and controls', () => {
  it('every gated rung of the default ladder is at the default targets', () => {
    for (const rung of neuralCollapse.ladders.default) {
      if (rung.expected.outcome === 'observe') continue;
      const e = rung.expected;
      expect(e.outcome === 'holds' ? e.pHold : e.pFail, rungName(rung)).toBeUndefined();
    }
  });

  it('T5: n < k/2 fails at k = 8, 16, 32', () => {
    for (const k of [8, 16, 32]) expect(neuralCollapse.expect({ k, n: Math.ceil(k / 2) - 1 }).outcome).toBe('fails');
  });
});
