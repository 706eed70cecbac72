// low-rotation.ntk-margin (properties/low-rotation/ntk-margin.ts): the kit's tests, every small-ladder trial scored
// through the fidelity rule, and the control without √m where CLAIMS T2 puts it.
import { describe, expect, it } from 'vitest';
import { ntkMarginConstant } from '../../../properties/low-rotation/ntk-margin';
import { rungName, type Claim, type Rung } from '../../../src/contract/claim';
import { describeClaim, type RungRate } from '../../helpers/claim-kit';

/** Every trial of a small rung scored, and it passed the gradient-flow fidelity rule (SGD controls report 0). */
function faithfulTrials(_claim: Claim<any>, _rung: Rung, rate: RungRate): void {
  for (const o of rate.outcomes) {
    expect(o.status, o.reason).toBe('ok');
    expect(o.observables.halving ?? 0).toBeLessThan(0.05);
  }
}


describeClaim('low-rotation', ntkMarginConstant, { perRung: faithfulTrials });

describe('low-rotation.ntk-margin: ladders and controls', () => {
  it('every gated rung of the default ladder is at the default targets', () => {
    for (const rung of ntkMarginConstant.ladders.default) {
      if (rung.expected.outcome === 'observe') continue;
      const e = rung.expected;
      expect(e.outcome === 'holds' ? e.pHold : e.pFail, rungName(rung)).toBeUndefined();
    }
  });

  it('T2: the check without √m fails at d = 12 (observed at d = 8, where it passes 13 of 100)', () => {
    expect(ntkMarginConstant.expect({ d: 12, m: 144, control: 1 }).outcome).toBe('fails');
    expect(ntkMarginConstant.expect({ d: 8, m: 64, control: 1 }).outcome).toBe('observe');
    for (const d of [8, 12]) expect(ntkMarginConstant.expect({ d, m: d * d, control: 0 }).outcome).toBe('holds');
  });
});
