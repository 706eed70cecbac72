// Tests of data-repetition.parity-staircase (properties/data-repetition/parity-staircase.ts). CLAIMS R3 observes both
// sides: no rung is gated.
import { describe, expect, it } from 'vitest';
import { parityStaircase } from '../../../properties/data-repetition/parity-staircase';
import { rungName } from '../../../src/contract/claim';
import { describeClaim, rungRate, type RungRate } from '../../helpers/claim-kit';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

describeClaim('data-repetition', parityStaircase, { observeOnly: [parityStaircase] });

describe(parityStaircase.id, () => {
  it('every rung is observe (CLAIMS R3)', () => {
    for (const scale of ['small', 'default', 'large'] as const) for (const rung of parityStaircase.ladders[scale]) expect(rung.expected.outcome, `${scale} ${rungName(rung)}`).toBe('observe');
  });

  it('R3: the staircase learns θ1, the pure parity does not (observe rungs, no verdict)', async () => {
    const [parity, stair] = parityStaircase.ladders.small;
    const p = await rungRate(parityStaircase, parity);
    const s = await rungRate(parityStaircase, stair);
    const firstOverlap = (r: RungRate) => median(r.outcomes.map((o) => o.observables.firstOverlap ?? 0));
    expect(firstOverlap(s)).toBeGreaterThan(0.5);
    expect(firstOverlap(p)).toBeLessThan(0.3);
  });
});
