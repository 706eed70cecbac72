import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecoveryInstance } from '../../../properties/quadratic/family';
import { recoveryThreshold } from '../../../properties/quadratic/recovery-threshold';
import type { CheckResult, Params } from '../../../src/contract/claim';
import { referenceTrainer } from '../../../src/core/train';
import { runClaim } from '../../../src/runner/run';
import { describeClaim, KIT_SEED } from '../../helpers/claim-kit';

describeClaim('quadratic', recoveryThreshold, {
  untrained: [recoveryThreshold],
  perRung: (_claim, _rung, rate) => expect(rate.outcomes.every((o) => o.status !== 'error'), rate.outcomes.map((o) => o.reason).join('; ')).toBe(true),
});

describe('quadratic.recovery-threshold in detail', () => {
  it('has a large ladder', () => {
    expect(recoveryThreshold.ladders.large.length).toBeGreaterThan(0);
  });

  it('Q4 is exact on both sides of N* = d(d+1)/2, an explicit N winning over the ratio (--at)', () => {
    expect(recoveryThreshold.expect({ d: 5, NOverNstar: 1, N: 14 })).toMatchObject({ outcome: 'fails', pFail: 0 });
    expect(recoveryThreshold.expect({ d: 5, NOverNstar: 0.5, N: 15 })).toMatchObject({ outcome: 'holds', pHold: 1 });
    expect(recoveryThreshold.expect({ d: 2, NOverNstar: 2 })).toMatchObject({ outcome: 'holds', pHold: 1 });
  });

  it('locates its transition between N* − 1 and N* at every d, and the exponent 2 of N* among those the brackets allow', async () => {
    const ds = [5, 6, 7, 8];
    const rungs = ds.flatMap((d) => {
      const Ns = (d * (d + 1)) / 2;
      return [0.5, 0.9, (Ns - 1) / Ns, 1, 1.1, 2].map((NOverNstar) => ({ params: { d, NOverNstar }, expected: recoveryThreshold.expect({ d, NOverNstar }), runs: 5 }));
    });
    const claim = { ...recoveryThreshold, ladders: { ...recoveryThreshold.ladders, default: rungs } };
    const { transition } = await runClaim(claim, { seed: 1, trainer: referenceTrainer, scale: 'default', shrink: false });
    for (const [i, d] of ds.entries()) {
      const Ns = (d * (d + 1)) / 2;
      expect(transition!.series[i]).toEqual({ at: d, rungs: 6, trials: 30, interval: [(Ns - 1) / Ns, 1], separated: true });
    }
    expect(transition!.scaling).toMatchObject({ method: 'brackets', paper: 2, agrees: true });
  });

  it('rejects parameters outside the claim with the field named', () => {
    expect(() => recoveryThreshold.expect({ d: 1.5, NOverNstar: 1 })).toThrow(/params\.d/);
  });
});

describe('Q4 falsify mode over its space', () => {
  const check = (inst: RecoveryInstance) => recoveryThreshold.check(inst, { trainer: referenceTrainer, params: { d: inst.d, N: inst.N } }) as CheckResult;
  const over = (spaceParams: Params) => recoveryThreshold.space!(spaceParams).chain((p) => recoveryThreshold.instance(p));

  it('finds no counterexample where the claim holds (N ≥ N*)', () => {
    const result = fc.check(fc.property(over({ dMax: 6, minOffset: 0 }), (inst) => check(inst).pass), { seed: KIT_SEED, numRuns: 60 });
    expect(result.failed).toBe(false);
  });

  it('stated for N ≥ N* − 1, shrinks its failure to the minimal counterexample d = 2, N = 2', () => {
    const result = fc.check(fc.property(over({ dMax: 6, minOffset: -1 }), (inst) => check(inst).pass), { seed: KIT_SEED, numRuns: 200 });
    expect(result.failed).toBe(true);
    const [inst] = result.counterexample!;
    expect({ d: inst.d, N: inst.N }).toEqual({ d: 2, N: 2 });
    // The shrunk counterexample is backed by an explicit student that fits the data and not the teacher.
    const out = check(inst);
    expect(out.status ?? 'ok').toBe('ok');
    expect(out.observables!.fitResidual).toBeLessThan(1e-20);
    expect(out.observables!.popRiskOverB).toBeGreaterThanOrEqual(0.25 * (1 - 1e-12));
  });
});
