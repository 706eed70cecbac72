// Tests of data-repetition.parity-staircase (properties/data-repetition/parity-staircase.ts). CLAIMS R3 observes both
// sides, so the claim has no negative control and the kit's describeClaim (which asks every claim for one) does
// not apply: its tests that do are written out here, then the staircase's observation on the small ladder.
import { describe, expect, it } from 'vitest';
import { claims as registry } from '../../../properties/index';
import { parityStaircase } from '../../../properties/data-repetition/parity-staircase';
import { rungName } from '../../../src/contract/claim';
import { replay } from '../../../src/core/check/replay';
import { referenceTrainer } from '../../../src/core/train/reference';
import { trialSeed } from '../../../src/runner/run';
import { runTrial } from '../../../src/runner/trial';
import { KIT_SEED, rungRate, type RungRate } from '../../helpers/claim-kit';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

describe(parityStaircase.id, () => {
  it('is listed once; its rungs follow its rule, every one observe (CLAIMS R3)', () => {
    expect(registry.filter((c) => c.id === parityStaircase.id)).toHaveLength(1);
    expect(parityStaircase.id).toMatch(/^data-repetition\.[a-z0-9-]+$/);
    for (const scale of ['small', 'default', 'large'] as const) {
      const rungs = parityStaircase.ladders[scale];
      expect(new Set(rungs.map(rungName)).size, scale).toBe(rungs.length);
      for (const rung of rungs) {
        expect(rung.expected, `${scale} ${rungName(rung)}`).toEqual(parityStaircase.expect(rung.params));
        expect(rung.expected.outcome, `${scale} ${rungName(rung)}`).toBe('observe');
      }
    }
  });

  for (const rung of parityStaircase.ladders.small) {
    it(`small ladder ${rungName(rung)}: observe`, async () => {
      const rate = await rungRate(parityStaircase, rung);
      for (const o of rate.outcomes) for (const v of Object.values(o.observables)) expect(Number.isFinite(v)).toBe(true);
    });
  }

  const first = parityStaircase.ladders.small[0];
  it(`a trial of ${rungName(first)} replays alone from its seed`, async () => {
    const seed = trialSeed(KIT_SEED, parityStaircase.id, rungName(first), 0);
    const ran = await runTrial(parityStaircase, first.params, 0, seed, { trainer: referenceTrainer, params: first.params });
    const again = await replay(parityStaircase, { seed, at: first.params, space: false, trainer: referenceTrainer });
    expect({ pass: again.pass, status: again.status, observables: again.observables }).toEqual({ pass: ran.pass, status: ran.status, observables: ran.observables });
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
