import { describe, expect, it } from 'vitest';
import { hardDirections } from '../../../properties/giant-step/hard-directions';
import { DEFAULT_P_FAIL } from '../../../src/core/stats/stats';
import { describeClaim, rungRate } from '../../helpers/claim-kit';

describeClaim('giant-step', hardDirections, {
  perRung(_claim, _rung, rate) {
    for (const o of rate.outcomes) expect(o.status, o.reason).toBe('ok');
  },
});

describe('gates and controls sit where the calibration puts them', () => {

  it('G3: three steps hold from n = d², fail up to n = d²/16 (d ≥ 32); n = 8d and one step are observed', () => {
    const g3 = (d: number, alpha: number, steps = 3) => hardDirections.expect({ d, alpha, steps }).outcome;
    expect(g3(32, 32)).toBe('holds');
    expect(g3(64, 64)).toBe('holds');
    expect(g3(32, 2)).toBe('fails');
    expect(g3(64, 4)).toBe('fails');
    expect(g3(32, 8)).toBe('observe');
    expect(g3(64, 8)).toBe('observe');
    expect(g3(16, 16)).toBe('observe');
    expect(g3(32, 128, 1)).toBe('observe');
  });

  it('the control fails off the small ladder too: G3 at n = d²/16 for d = 64', async () => {
    const rung = { params: { d: 64, alpha: 4, steps: 3 }, expected: hardDirections.expect({ d: 64, alpha: 4, steps: 3 }), runs: 20 };
    expect(rung.expected.outcome).toBe('fails');
    const { outcomes, passes, runs } = await rungRate(hardDirections, rung);
    for (const r of outcomes) expect(r.status).toBe('ok');
    expect(passes / runs, hardDirections.id).toBeLessThanOrEqual(DEFAULT_P_FAIL);
  });
});
