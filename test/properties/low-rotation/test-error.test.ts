import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims } from '../../properties/index';
import {
  lowRotationClaims, lowTestError, marginsGrow, neuralCollapse, normOnlyMaxMargin, ntkMarginConstant, weightsMoveLittle,
} from '../../properties/low-rotation-margins';
import { rungName, type CheckResult, type Claim, type Rung } from '../../src/contract/claim';
import { DEFAULT_P_FAIL, DEFAULT_P_HOLD } from '../../src/core/stats/stats';
import { rateVerdict } from '../../src/core/verdict/verdict';
import { referenceTrainer } from '../../src/core/train';
import type { Trainer, TrainRequest } from '../../src/contract/trainer';
import outputScaleInvM from '../fixtures/broken-trainers/output-scale-inv-m';

const SEED = 20261125;

/** Rate mode on one rung, as the runner does it: unbiased draws, scored trials only. */
async function rungRate(claim: Claim<any>, rung: Rung, trainer: Trainer = referenceTrainer) {
  const runs = rung.runs ?? claim.runs;
  const instances = fc.sample(fc.noBias(claim.instance(rung.params)), { seed: SEED, numRuns: runs });
  const results: CheckResult[] = [];
  for (const instance of instances) results.push(await claim.check(instance, { trainer, params: rung.params }));
  const passes = results.filter((r) => r.pass && (r.status ?? 'ok') === 'ok').length;
  const scored = results.filter((r) => (r.status ?? 'ok') === 'ok').length;
  return { results, passes, scored, runs };
}

function firstRung(claim: Claim<any>, outcome: 'holds' | 'fails'): Rung {
  return claim.ladders.small.find((r) => r.expected.outcome === outcome) as Rung;
}

describe('the low-rotation claims are listed with consistent ladders', () => {
  it('each claim is listed once', () => {
    const ids = claims.map((c) => c.id);
    for (const claim of lowRotationClaims) expect(ids.filter((id) => id === claim.id)).toHaveLength(1);
  });

  for (const claim of lowRotationClaims) {
    it(`${claim.id}: rung names are unique, expectations follow the claim's rule, small and default ladders hold both directions`, () => {
      for (const scale of ['small', 'default', 'large'] as const) {
        const rungs = claim.ladders[scale];
        expect(new Set(rungs.map(rungName)).size).toBe(rungs.length);
        for (const rung of rungs) expect(rung.expected).toEqual(claim.expect(rung.params));
      }
      for (const scale of ['small', 'default'] as const) {
        const outcomes = claim.ladders[scale].map((r) => r.expected.outcome);
        expect(outcomes).toContain('holds');
        expect(outcomes).toContain('fails');
      }
    });

    it(`${claim.id}: every gated rung of the default ladder draws at least 20 trials, at the default targets`, () => {
      for (const rung of claim.ladders.default) {
        if (rung.expected.outcome === 'observe') continue;
        expect(rung.runs ?? claim.runs, rungName(rung)).toBeGreaterThanOrEqual(20);
        const e = rung.expected;
        expect(e.outcome === 'holds' ? e.pHold : e.pFail, rungName(rung)).toBeUndefined();
      }
    });
  }
});

describe('the negative controls are runs of the trainer where CLAIMS T puts them', () => {
  const outcome = (claim: Claim<any>, params: Record<string, number>) => claim.expect(params).outcome;

  it('T1: SGD with batch 8 fails at d = 8 and 12, GD holds there', () => {
    for (const d of [8, 12]) {
      expect(outcome(marginsGrow, { d, batch: 8 })).toBe('fails');
      expect(outcome(marginsGrow, { d, batch: 0 })).toBe('holds');
    }
  });

  it('T2: the check without √m fails at d = 12 (observed at d = 8, where it passes 13 of 100)', () => {
    expect(outcome(ntkMarginConstant, { d: 12, m: 144, control: 1 })).toBe('fails');
    expect(outcome(ntkMarginConstant, { d: 8, m: 64, control: 1 })).toBe('observe');
    for (const d of [8, 12]) expect(outcome(ntkMarginConstant, { d, m: d * d, control: 0 })).toBe('holds');
  });

  it('T3: n = d²/4 and d/4 fail at d = 8, 12, 16; n = d² holds', () => {
    for (const d of [8, 12, 16]) {
      for (const n of [(d * d) / 4, Math.round(d / 4)]) expect(outcome(lowTestError, { d, n })).toBe('fails');
      expect(outcome(lowTestError, { d, n: d * d })).toBe('holds');
    }
  });

  it('T4: the mean-field 1/m network fails; T5: n < k/2 fails at k = 8, 16, 32; T6: the first fit fails', () => {
    expect(outcome(weightsMoveLittle, { d: 8, m: 64, meanField: 1 })).toBe('fails');
    for (const k of [8, 16, 32]) expect(outcome(neuralCollapse, { k, n: Math.ceil(k / 2) - 1 })).toBe('fails');
    for (const d of [8, 12]) expect(outcome(normOnlyMaxMargin, { d, lossExp: 0 })).toBe('fails');
  });
});

describe('small ladders agree with the paper in both directions', () => {
  for (const claim of lowRotationClaims) {
    for (const rung of claim.ladders.small) {
      const { expected } = rung;
      it(`${claim.id} ${rungName(rung)}: ${expected.outcome}`, async () => {
        const { results, passes, runs } = await rungRate(claim, rung);
        for (const r of results) {
          expect(r.status ?? 'ok', r.reason).toBe('ok');
          for (const v of Object.values(r.observables ?? {})) expect(Number.isFinite(v)).toBe(true);
          // Every scored trial passed the gradient-flow fidelity rule (SGD controls report 0).
          expect(r.observables?.halving ?? 0).toBeLessThan(0.05);
        }
        if (expected.outcome === 'holds') expect(passes / runs).toBeGreaterThanOrEqual(expected.pHold ?? DEFAULT_P_HOLD);
        if (expected.outcome === 'fails') expect(passes / runs).toBeLessThanOrEqual(expected.pFail ?? DEFAULT_P_FAIL);
      });
    }
  }
});

describe('the checks read the trained network', () => {
  /** Returns the request's weights untouched. */
  const idle: Trainer = {
    name: 'idle',
    supports: () => true,
    train: (r: TrainRequest) => ({ W: r.network.W.slice(), a: r.network.a.slice(), steps: 0, trace: { step: [0], loss: [1] } }),
  };

  it('an untrained network never passes a holds rung: every claim sees it unfitted (not scored)', async () => {
    for (const claim of lowRotationClaims) {
      const { results, passes } = await rungRate(claim, { ...firstRung(claim, 'holds'), runs: 1 }, idle);
      expect(passes, claim.id).toBe(0);
      expect(results[0].status, claim.id).toBe('not-scored');
    }
  });

  it('a trainer that scales the output by 1/m where 1/√m was asked is caught by weights-move-little', async () => {
    // Its r(4m)/r(m) is measured on the weights it returns and exceeds 1.5 in most scored trials (the reference: ≤ 1.2).
    const rung = { ...firstRung(weightsMoveLittle, 'holds'), runs: 10 };
    const { results, passes, scored } = await rungRate(weightsMoveLittle, rung, outputScaleInvM);
    expect(scored).toBeGreaterThanOrEqual(5);
    expect(rateVerdict(rung.expected, passes, scored)).toBe('disagrees');
    for (const r of results) if ((r.status ?? 'ok') !== 'ok') expect(r.reason).toMatch(/not gradient flow/);
  });

  it('the fidelity run is compared: a trainer that lands elsewhere at 2η leaves the trial unscored', async () => {
    // Behaves like the reference trainer in the run at η, but inflates W by 10% after every segment of the
    // run at 2η (recognised by its first request: the initial weights with lr = 2η = 8).
    let first: number | undefined;
    let inflate = false;
    const coarse: Trainer = {
      name: 'coarse',
      supports: referenceTrainer.supports,
      train: async (r) => {
        first ??= r.network.W[0];
        if (r.network.W[0] === first) inflate = r.algorithm.lr === 8;
        const out = await referenceTrainer.train(r);
        return inflate ? { ...out, W: out.W.map((w) => 1.1 * w) } : out;
      },
    };
    const { results } = await rungRate(lowTestError, { ...firstRung(lowTestError, 'holds'), runs: 1 }, coarse);
    expect(results[0].status).toBe('not-scored');
    expect(results[0].reason).toMatch(/not gradient flow/);
  });

  it('a trainer that rotates norm-only rows is reported as an error', async () => {
    const rotating: Trainer = {
      name: 'rotating',
      supports: referenceTrainer.supports,
      train: async (r) => {
        const out = await referenceTrainer.train(r);
        const W = out.W.slice();
        // Tilt every row towards the first coordinate by 1e−6 of its norm: far above rounding.
        const d = r.network.d;
        for (let j = 0; j < r.network.m; j++) W[j * d] += 1e-6 * Math.hypot(...W.subarray(j * d, (j + 1) * d));
        return { ...out, W };
      },
    };
    const rung = { ...firstRung(normOnlyMaxMargin, 'fails'), runs: 1 };
    const { results } = await rungRate(normOnlyMaxMargin, rung, rotating);
    expect(results[0].status).toBe('error');
    expect(results[0].reason).toMatch(/rotated/);
  });

  it('a trainer that does not support the request is reported as skipped', async () => {
    const none: Trainer = { name: 'none', supports: () => false, train: () => { throw new Error('must not train'); } };
    const { results } = await rungRate(weightsMoveLittle, { ...firstRung(weightsMoveLittle, 'holds'), runs: 1 }, none);
    expect(results[0].status).toBe('skipped');
  });
});
