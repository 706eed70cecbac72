import { describe, expect, it } from 'vitest';
import { g1Formula, G1_CHECK, singleDirection } from '../../../properties/giant-step/single-direction';
import type { Rung } from '../../../src/contract/claim';
import { DEFAULT_P_FAIL } from '../../../src/core/stats/stats';
import { referenceTrainer } from '../../../src/core/train';
import type { Trainer } from '../../../src/contract/trainer';
import { describeClaim, rungRate } from '../../helpers/claim-kit';

describeClaim('giant-step', singleDirection, {
  perRung(_claim, _rung, rate) {
    for (const o of rate.outcomes) expect(o.status, o.reason).toBe('ok');
  },
});

describe('helpers', () => {
  it('g1Formula gives the CLAIMS values 0.54, 0.78, 0.92 at n/d = 1, 4, 16', () => {
    expect(g1Formula(1)).toBeCloseTo(0.543, 3);
    expect(g1Formula(4)).toBeCloseTo(0.784, 3);
    expect(g1Formula(16)).toBeCloseTo(0.919, 3);
  });
});

describe('the checks evaluate the trained network', () => {
  it('a neuron the trainer left in place is left out of the mean cosine, not counted as cos 0', async () => {
    const rung = singleDirection.ladders.small.find((r) => r.params.check === G1_CHECK.formula) as Rung;
    // The reference step, except that neuron 0 keeps its initial weights.
    const partial: Trainer = {
      name: 'partial',
      supports: () => true,
      train: async (req) => {
        const result = await referenceTrainer.train(req);
        const W = result.W.slice();
        W.set(req.network.W.subarray(0, req.network.d), 0);
        return { ...result, W };
      },
    };
    const [full, part] = await Promise.all([rungRate(singleDirection, { ...rung, runs: 2 }), rungRate(singleDirection, { ...rung, runs: 2 }, { trainer: partial })]);
    for (let i = 0; i < 2; i++) {
      const o = part.outcomes[i].observables;
      expect(part.outcomes[i].status).toBe('ok');
      expect(o.moved).toBe(63);
      expect(full.outcomes[i].observables.moved).toBe(64);
      // The mean over the 63 neurons that moved stays near the full mean (one neuron of 64 is ≈ 1.6% of it).
      expect(Math.abs(o.meanCos - full.outcomes[i].observables.meanCos)).toBeLessThan(0.02);
    }
  });
});

describe('gates and controls sit where the calibration puts them', () => {

  it('G1: the formula is gated from n = 64 samples at n ≥ d; the cos > 0.5 control fails at n = d/8 for d = 32 and 64', () => {
    const formula = (d: number, alpha: number) => singleDirection.expect({ d, alpha, check: G1_CHECK.formula }).outcome;
    expect(formula(32, 1)).toBe('observe');
    expect(formula(32, 2)).toBe('holds');
    expect(formula(64, 1)).toBe('holds');
    expect(formula(16, 2)).toBe('observe');
    expect(formula(16, 4)).toBe('holds');
    expect(formula(128, 0.5)).toBe('observe');
    for (const d of [32, 64]) {
      const control = singleDirection.ladders.default.find((r) => r.params.d === d && r.params.check === G1_CHECK.aligned && r.params.alpha === 0.125);
      expect(control?.expected.outcome, `d = ${d}`).toBe('fails');
      const other = singleDirection.ladders.default.find((r) => r.params.d === d && r.params.check === G1_CHECK.aligned && r.params.alpha === 16);
      expect(other?.expected.outcome, `d = ${d}`).toBe('holds');
    }
  });

  it('the control fails off the small ladder too: G1 at n = d/8 for d = 64', async () => {
    const rung = { params: { d: 64, alpha: 0.125, check: G1_CHECK.aligned }, expected: singleDirection.expect({ d: 64, alpha: 0.125, check: G1_CHECK.aligned }), runs: 20 };
    expect(rung.expected.outcome).toBe('fails');
    const { outcomes, passes, runs } = await rungRate(singleDirection, rung);
    for (const r of outcomes) expect(r.status).toBe('ok');
    expect(passes / runs, singleDirection.id).toBeLessThanOrEqual(DEFAULT_P_FAIL);
  });
});
