import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims } from '../../properties/index';
import {
  dataRepetitionClaims,
  evenTargetsNoGain,
  orthogonalInit,
  parityStaircase,
  rates,
  repetitionLearnsHe3,
} from '../../properties/data-repetition';
import { orthonormalDirections } from '../../src/data/targets';
import { rungName, type CheckResult, type Claim, type Rung } from '../../src/harness/claim';
import { DEFAULT_P_FAIL, DEFAULT_P_HOLD } from '../../src/harness/stats';
import { stream } from '../../src/rng';
import { referenceTrainer } from '../../src/train';
import type { Trainer } from '../../src/train/types';
import { expectClose } from '../helpers/close';

const SEED = 20261125;

/** Rate mode on one rung, as the runner does it: unbiased draws, scored trials only. */
async function rungRate(claim: Claim<any>, rung: Rung, trainer: Trainer = referenceTrainer) {
  const runs = rung.runs ?? claim.runs;
  const instances = fc.sample(fc.noBias(claim.instance(rung.params)), { seed: SEED, numRuns: runs });
  const results: CheckResult[] = [];
  for (const instance of instances) results.push(await claim.check(instance, { trainer, params: rung.params }));
  const passes = results.filter((r) => r.pass && (r.status ?? 'ok') === 'ok').length;
  return { results, passes, runs };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

describe('data-repetition claims: listing and rules', () => {
  it('each claim is listed once, with unique rung names, expectations from its rule and a negative control', () => {
    const ids = claims.map((c) => c.id);
    for (const claim of dataRepetitionClaims) {
      expect(ids.filter((id) => id === claim.id)).toHaveLength(1);
      for (const scale of ['small', 'default', 'large'] as const) {
        const rungs = claim.ladders[scale];
        expect(new Set(rungs.map(rungName)).size).toBe(rungs.length);
        for (const rung of rungs) expect(rung.expected).toEqual(claim.expect(rung.params));
        expect(rungs.map((r) => r.expected.outcome)).toContain('fails');
      }
    }
    for (const claim of [repetitionLearnsHe3, evenTargetsNoGain]) {
      for (const scale of ['small', 'default'] as const) expect(claim.ladders[scale].map((r) => r.expected.outcome)).toContain('holds');
    }
  });

  it('the gated R1 rungs are d = 64, T = 300d; shorter horizons are observe', () => {
    expect(repetitionLearnsHe3.expect({ d: 64, Td: 300, repeat: 1 }).outcome).toBe('holds');
    expect(repetitionLearnsHe3.expect({ d: 64, Td: 300, repeat: 0 }).outcome).toBe('fails');
    expect(repetitionLearnsHe3.expect({ d: 64, Td: 100, repeat: 1 }).outcome).toBe('observe');
    expect(rates(64).rho).toBeCloseTo(0.1 / 64, 15);
  });

  it('orthogonalInit: unit rows exactly orthogonal to the target directions', () => {
    const d = 16;
    const Theta = orthonormalDirections(stream('theta'), 3, d);
    const W = orthogonalInit(stream('init'), 4, d, Theta, 3);
    for (let j = 0; j < 4; j++) {
      const w = W.subarray(j * d, (j + 1) * d);
      expectClose(Math.hypot(...w), 1, 4 * d * Number.EPSILON);
      for (let l = 0; l < 3; l++) {
        const dot = w.reduce((s, v, q) => s + v * Theta[l * d + q], 0);
        expect(Math.abs(dot)).toBeLessThan(8 * d * Number.EPSILON);
      }
    }
  });
});

describe('small ladders agree with the paper in both directions', () => {
  for (const claim of [repetitionLearnsHe3, evenTargetsNoGain, parityStaircase]) {
    for (const rung of claim.ladders.small) {
      const { expected } = rung;
      it(`${claim.id} ${rungName(rung)}: ${expected.outcome}`, async () => {
        const { results, passes, runs } = await rungRate(claim, rung);
        for (const r of results) {
          expect(r.status ?? 'ok', r.reason).toBe('ok');
          for (const v of Object.values(r.observables ?? {})) expect(Number.isFinite(v)).toBe(true);
        }
        if (expected.outcome === 'holds') expect(passes / runs).toBeGreaterThanOrEqual(expected.pHold ?? DEFAULT_P_HOLD);
        if (expected.outcome === 'fails') expect(passes / runs).toBeLessThanOrEqual(expected.pFail ?? DEFAULT_P_FAIL);
        if (claim === parityStaircase && rung.params.staircase === 1) {
          // The staircase's first step is learned: He2(z1) pulls a neuron onto θ1.
          expect(median(results.map((r) => r.observables?.firstOverlap ?? 0))).toBeGreaterThan(0.5);
        }
      });
    }
  }

  it('R3: the staircase learns θ1, the pure parity learns nothing', async () => {
    const [parity, stair] = parityStaircase.ladders.small;
    const p = await rungRate(parityStaircase, parity);
    const s = await rungRate(parityStaircase, stair);
    const first = (rs: CheckResult[]) => median(rs.map((r) => r.observables?.firstOverlap ?? 0));
    expect(first(s.results)).toBeGreaterThan(0.5);
    expect(first(p.results)).toBeLessThan(0.3);
  });
});
