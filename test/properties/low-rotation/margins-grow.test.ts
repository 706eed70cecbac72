// low-rotation.margins-grow (properties/low-rotation/margins-grow.ts): the kit's tests, every small-ladder trial
// scored through the fidelity rule, and the SGD control where CLAIMS T1 puts it.
import { describe, expect, it } from 'vitest';
import { marginsGrow } from '../../../properties/low-rotation/margins-grow';
import { rungName, type Claim, type Rung } from '../../../src/contract/claim';
import { describeClaim, type RungRate } from '../../helpers/claim-kit';

/** Every trial of a small rung scored, and it passed the gradient-flow fidelity rule (SGD controls report 0). */
function faithfulTrials(_claim: Claim<any>, _rung: Rung, rate: RungRate): void {
  for (const o of rate.outcomes) {
    expect(o.status, o.reason).toBe('ok');
    expect(o.observables.halving ?? 0).toBeLessThan(0.05);
  }
}


describeClaim('low-rotation', marginsGrow, { perRung: faithfulTrials });

describe('low-rotation.margins-grow: ladders and controls', () => {
  it('every gated rung of the default ladder is at the default targets', () => {
    for (const rung of marginsGrow.ladders.default) {
      if (rung.expected.outcome === 'observe') continue;
      const e = rung.expected;
      expect(e.outcome === 'holds' ? e.pHold : e.pFail, rungName(rung)).toBeUndefined();
    }
  });

  it('T1: SGD with batch 8 fails at d = 8 and 12, GD holds there', () => {
    for (const d of [8, 12]) {
      expect(marginsGrow.expect({ d, batch: 8 }).outcome).toBe('fails');
      expect(marginsGrow.expect({ d, batch: 0 }).outcome).toBe('holds');
    }
  });
});
