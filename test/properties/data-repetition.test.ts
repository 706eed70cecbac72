import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims } from '../../properties/index';
import {
  dataRepetitionClaims,
  evenTargetsNoGain,
  expectedAlong,
  orthogonalInit,
  parityStaircase,
  rates,
  repetitionLearnsHe3,
} from '../../properties/data-repetition';
import { orthonormalDirections } from '../../src/core/data/targets';
import { rungName, type CheckResult, type Claim, type Rung } from '../../src/contract/claim';
import { DEFAULT_P_FAIL, DEFAULT_P_HOLD } from '../../src/core/stats/stats';
import { stream } from '../../src/core/rng';
import { referenceTrainer } from '../../src/core/train';
import type { TrainRequest, TrainResult, Trainer } from '../../src/contract/trainer';
import displacementIgnored from '../fixtures/broken-trainers/displacement-ignored';
import { expectClose } from '../helpers/close';

const SEED = 20261125;

/** Rate mode on one rung, as the runner does it: unbiased draws; the rate is over the scored trials. */
async function rungRate(claim: Claim<any>, rung: Rung, trainer: Trainer = referenceTrainer) {
  const runs = rung.runs ?? claim.runs;
  const instances = fc.sample(fc.noBias(claim.instance(rung.params)), { seed: SEED, numRuns: runs });
  const results: CheckResult[] = [];
  for (const instance of instances) results.push(await claim.check(instance, { trainer, params: rung.params }));
  const scored = results.filter((r) => (r.status ?? 'ok') === 'ok');
  const passes = scored.filter((r) => r.pass).length;
  return { results, passes, scored: scored.length, runs };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

/** A trainer that returns its initial weights, with a well-formed trace (the probe's cosines of those weights). */
const untrained: Trainer = {
  name: 'untrained',
  supports: referenceTrainer.supports,
  train(request: TrainRequest): TrainResult {
    const { W, a, m, d } = request.network;
    const steps = request.algorithm.steps;
    const theta = request.probe?.direction;
    const cosines = () =>
      Array.from({ length: m }, (_, j) => {
        const w = W.subarray(j * d, (j + 1) * d);
        return w.reduce((s, v, q) => s + v * (theta as Float64Array)[q], 0) / Math.hypot(...w);
      });
    return {
      W: W.slice(),
      a: a.slice(),
      steps,
      trace: { step: [0, steps], loss: [1, 1], ...(theta ? { overlap: [cosines(), cosines()] } : {}) },
    };
  },
};

const gated = (rung: Rung) => rung.expected.outcome !== 'observe';

describe('data-repetition claims: listing and rules', () => {
  it('each claim is listed once, with unique rung names and expectations from its rule', () => {
    const ids = claims.map((c) => c.id);
    for (const claim of dataRepetitionClaims) {
      expect(ids.filter((id) => id === claim.id)).toHaveLength(1);
      for (const scale of ['small', 'default', 'large'] as const) {
        const rungs = claim.ladders[scale];
        expect(new Set(rungs.map(rungName)).size).toBe(rungs.length);
        for (const rung of rungs) expect(rung.expected).toEqual(claim.expect(rung.params));
      }
    }
  });

  it('R1 and R2 have a holds rung and a negative control on every ladder; R3 is observe only (CLAIMS R3)', () => {
    for (const claim of [repetitionLearnsHe3, evenTargetsNoGain]) {
      for (const scale of ['small', 'default', 'large'] as const) {
        const outcomes = claim.ladders[scale].map((r) => r.expected.outcome);
        expect(outcomes).toContain('holds');
        expect(outcomes).toContain('fails');
      }
    }
    for (const scale of ['small', 'default', 'large'] as const) {
      for (const rung of parityStaircase.ladders[scale]) expect(rung.expected.outcome).toBe('observe');
    }
  });

  it('every gated rung of the default ladder has at least 20 trials', () => {
    for (const claim of dataRepetitionClaims) {
      for (const rung of claim.ladders.default.filter(gated)) expect(rung.runs ?? claim.runs).toBeGreaterThanOrEqual(20);
    }
  });

  it('R1 gates T = 300d (repeated from d = 32, plain from d = 64 up to 500d); shorter horizons are observe', () => {
    const at = (d: number, Td: number, repeat: number) => repetitionLearnsHe3.expect({ d, Td, repeat }).outcome;
    expect(at(64, 300, 1)).toBe('holds');
    expect(at(32, 300, 1)).toBe('holds');
    expect(at(64, 300, 0)).toBe('fails');
    expect(at(32, 300, 0)).toBe('observe');
    expect(at(64, 2000, 0)).toBe('observe');
    expect(at(64, 100, 1)).toBe('observe');
    expect(evenTargetsNoGain.expect({ d: 64, Td: 100, k: 2 }).outcome).toBe('holds');
    expect(evenTargetsNoGain.expect({ d: 64, Td: 300, k: 2 }).outcome).toBe('observe');
    expect(evenTargetsNoGain.expect({ d: 64, Td: 50, k: 2 }).outcome).toBe('holds');
    expect(evenTargetsNoGain.expect({ d: 64, Td: 20, k: 2 }).outcome).toBe('observe');
    expect(evenTargetsNoGain.expect({ d: 64, Td: 300, k: 3 }).outcome).toBe('fails');
  });

  it("the paper's step sizes: γ = 0.01·p/d and ρ = 0.1·p/d on the ½(y − f)² loss", () => {
    expectClose(rates(64).gamma, 0.01 / 64, 1e-15);
    expectClose(rates(64).rho, 0.1 / 64, 1e-15);
    expectClose(rates(32, 4).gamma, 0.04 / 32, 1e-15);
    expectClose(expectedAlong(0.01 / 64, 100 * 64), Math.exp(-0.5), 1e-15);
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
  for (const claim of [repetitionLearnsHe3, evenTargetsNoGain]) {
    for (const rung of claim.ladders.small) {
      const { expected } = rung;
      it(`${claim.id} ${rungName(rung)}: ${expected.outcome}`, async () => {
        const { results, passes, scored, runs } = await rungRate(claim, rung);
        expect(scored, 'every trial of the reference trainer is scored').toBe(runs);
        for (const r of results) for (const v of Object.values(r.observables ?? {})) expect(Number.isFinite(v)).toBe(true);
        if (expected.outcome === 'holds') expect(passes / scored).toBeGreaterThanOrEqual(expected.pHold ?? DEFAULT_P_HOLD);
        // The negative control fails.
        if (expected.outcome === 'fails') expect(passes / scored).toBeLessThanOrEqual(expected.pFail ?? DEFAULT_P_FAIL);
        // The reference trainer meets the premise: ⟨w_T, w_0⟩ near e^{−γT/2}, plain and displaced.
        const T = rung.params.Td * rung.params.d;
        const want = expectedAlong(rates(rung.params.d).gamma, T);
        for (const r of results) {
          for (const along of [r.observables?.along, r.observables?.alongPlain, r.observables?.alongRepeated]) {
            if (along !== undefined) expect(Math.abs(along - want)).toBeLessThan((1 - want) / 2);
          }
        }
      });
    }
  }

  it('R3: the staircase learns θ1, the pure parity does not (observe rungs, no verdict)', async () => {
    const [parity, stair] = parityStaircase.ladders.small;
    const p = await rungRate(parityStaircase, parity);
    const s = await rungRate(parityStaircase, stair);
    const first = (rs: CheckResult[]) => median(rs.map((r) => r.observables?.firstOverlap ?? 0));
    expect(first(s.results)).toBeGreaterThan(0.5);
    expect(first(p.results)).toBeLessThan(0.3);
  });
});

describe('trainers that do not perform the dynamics', () => {
  it('a trainer that returns its initial weights passes no holds rung and is not scored where "not learned" is the check', async () => {
    for (const claim of [repetitionLearnsHe3, evenTargetsNoGain]) {
      for (const rung of claim.ladders.small.filter(gated)) {
        const { results, passes } = await rungRate(claim, { ...rung, runs: 3 }, untrained);
        expect(passes).toBe(0);
        // R1's repeated rung asks for cos > 1/2, which the untrained weights fail; every other check reads the premise.
        const premised = !(claim === repetitionLearnsHe3 && rung.params.repeat === 1);
        for (const r of results) {
          if (premised) {
            expect(r.status).toBe('not-scored');
            expect(r.reason).toMatch(/did not perform the paper's dynamics/);
          } else {
            expect(r.pass).toBe(false);
          }
        }
      }
    }
  });

  it('displacement ignored (each sample used once): R1 does not learn He3 and R2\'s control stops failing', async () => {
    const [repeated] = repetitionLearnsHe3.ladders.small.filter((r) => r.expected.outcome === 'holds');
    const r1 = await rungRate(repetitionLearnsHe3, repeated, displacementIgnored);
    expect(r1.scored).toBe(r1.runs);
    expect(r1.passes / r1.scored).toBeLessThan(DEFAULT_P_HOLD);
    const [control] = evenTargetsNoGain.ladders.small.filter((r) => r.expected.outcome === 'fails');
    const r2 = await rungRate(evenTargetsNoGain, { ...control, runs: 4 }, displacementIgnored);
    expect(r2.passes / r2.scored).toBeGreaterThan(DEFAULT_P_FAIL);
  });
});
