// What the low-rotation claims' tests ask of every small-ladder trial.
import { expect } from 'vitest';
import type { Claim, Rung } from '../../../src/contract/claim';
import type { RungRate } from '../../helpers/claim-kit';

/** perRung: every trial of a small rung scored, and it passed the gradient-flow fidelity rule (SGD controls report 0). */
export function faithfulTrials(_claim: Claim<any>, _rung: Rung, rate: RungRate): void {
  for (const o of rate.outcomes) {
    expect(o.status, o.reason).toBe('ok');
    expect(o.observables.halving ?? 0).toBeLessThan(0.05);
  }
}
