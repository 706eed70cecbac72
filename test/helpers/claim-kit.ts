// The claim-test kit: what every claim's test checks, written once. A family's test file calls
// describeClaims(...) and adds only what is particular to its claims.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims as registry } from '../../properties/index';
import { rungName, type CheckContext, type Claim, type Rung } from '../../src/contract/claim';
import type { TrainRequest, Trainer } from '../../src/contract/trainer';
import { customParams } from '../../src/core/check/domain';
import { replay } from '../../src/core/check/replay';
import { evaluate, isScored, type TrialOutcome } from '../../src/core/check/trial';
import { trialSeed } from '../../src/runner/run';
import { runTrial } from '../../src/runner/trial';
import { DEFAULT_P_FAIL, DEFAULT_P_HOLD } from '../../src/core/stats/stats';
import { MIN_SCORED } from '../../src/core/verdict/sequential';
import { referenceTrainer } from '../../src/core/train/reference';

/** The property tests' fixed seed (test/setup.ts sets the same for fast-check's own runs). */
export const KIT_SEED = 20261125;

/** A rung's trials in rate mode, as the runner evaluates them (unbiased draws, the guarded trainer, scored trials only). */
export interface RungRate {
  outcomes: Omit<TrialOutcome, 'trial' | 'seed' | 'seconds'>[];
  passes: number;
  scored: number;
  runs: number;
}

export async function rungRate(claim: Claim<any>, rung: Rung, options: { trainer?: Trainer; seed?: number; runs?: number } = {}): Promise<RungRate> {
  const runs = options.runs ?? rung.runs ?? claim.runs;
  const instances = fc.sample(fc.noBias(claim.instance(rung.params)), { seed: options.seed ?? KIT_SEED, numRuns: runs });
  const ctx: CheckContext = { trainer: options.trainer ?? referenceTrainer, params: rung.params };
  const outcomes = [];
  for (const instance of instances) outcomes.push(await evaluate(claim, instance, ctx));
  const scored = outcomes.filter(isScored);
  return { outcomes, passes: scored.filter((o) => o.pass).length, scored: scored.length, runs };
}

/** perRung: every trial of the rung was scored as it ran (status ok): no premise failed, no trainer error. */
export function everyTrialOk(_claim: Claim<any>, _rung: Rung, rate: RungRate): void {
  for (const o of rate.outcomes) expect(o.status, o.reason).toBe('ok');
}

/** A trainer that returns its request's weights untouched after 0 steps: one that learns nothing. */
export const idleTrainer: Trainer = {
  name: 'idle',
  supports: () => true,
  train: (r: TrainRequest) => ({ W: r.network.W.slice(), a: r.network.a.slice(), steps: 0, trace: { step: [0], loss: [1] } }),
};

export interface ClaimKitOptions {
  /**
   * Claims whose statement the catalogue only observes: no holds rung is asked for; a control rung is asked for
   * only when the claim gates any rung at all (a claim observed on every rung of every ladder needs none).
   */
  observeOnly?: readonly Claim<any>[];
  /**
   * A named broken trainer that is the claim's negative control instead of a rung (CLAIMS S3): it must fail every
   * small holds rung (rate ≤ pFail), and the ladders need no fails rung.
   */
  controlTrainer?: { trainer: Trainer; why: string };
  /** Claims that need no trainer (algebraic or estimator checks): the idle trainer cannot change them. */
  untrained?: readonly Claim<any>[];
  /** Skip the replay test (a claim whose trials are too slow to run twice in a unit test). */
  noReplay?: boolean;
  /**
   * Why some gated rung of the claim is held to a target looser than the defaults (pHold below 0.9, pFail above
   * 0.1): the claim's notes must give the calibration. Without it, no rung may loosen a default target.
   */
  loosenedTargets?: string;
  /** Further assertions on each small-ladder rung's outcomes. */
  perRung?(claim: Claim<any>, rung: Rung, rate: RungRate): void;
}

/** The kit's tests for one claim (see describeClaims), in a describe block named by the claim's id. */
export function describeClaim(family: string, claim: Claim<any>, options: ClaimKitOptions = {}): void {
  describe(claim.id, () => {
    it('is listed once; its rungs follow its rule and hold both sides, with power on the default ladder', () => {
      expect(registry.filter((c) => c.id === claim.id)).toHaveLength(1);
      expect(claim.id).toMatch(new RegExp(`^${family}\\.[a-z0-9-]+$`));
      for (const scale of ['small', 'default', 'large'] as const) {
        const rungs = claim.ladders[scale];
        expect(new Set(rungs.map(rungName)).size, scale).toBe(rungs.length);
        for (const rung of rungs) expect(rung.expected, `${scale} ${rungName(rung)}`).toEqual(claim.expect(rung.params));
      }
      const observed = options.observeOnly?.includes(claim) ?? false;
      const gated = (['small', 'default', 'large'] as const).some((scale) => claim.ladders[scale].some((r) => r.expected.outcome !== 'observe'));
      expect(claim.ladders.large.length, 'large').toBeGreaterThan(0);
      for (const scale of ['small', 'default'] as const) {
        const outcomes = claim.ladders[scale].map((r) => r.expected.outcome);
        if (!options.controlTrainer && (!observed || gated)) expect(outcomes, scale).toContain('fails');
        if (!observed) expect(outcomes, scale).toContain('holds');
      }
      for (const rung of claim.ladders.default) {
        if (rung.expected.outcome !== 'observe') expect(rung.runs ?? claim.runs, rungName(rung)).toBeGreaterThanOrEqual(MIN_SCORED);
      }
    });

    it('has a domain that holds its defaults and every rung of its ladders, and rejects a value past each range', () => {
      expect(claim.domain, 'every claim bounds its --at parameters').toBeDefined();
      for (const [key, range] of Object.entries(claim.domain ?? {})) {
        expect(range.min, key).toBeLessThanOrEqual(range.max);
        expect(() => customParams(claim, { [key]: range.max + 1 }), key).toThrow(new RegExp(`^--at ${key}: got .*; allowed: .* for ${claim.id}`));
      }
      expect(() => customParams(claim, claim.defaults)).not.toThrow();
      for (const scale of ['small', 'default', 'large'] as const) {
        for (const rung of claim.ladders[scale]) expect(() => customParams(claim, rung.params), `${scale} ${rungName(rung)}`).not.toThrow();
      }
      if (claim.space) expect(claim.spaceDomain, 'a search space bounds its parameters too').toBeDefined();
    });

    it(options.loosenedTargets ? `holds some rung to a looser target: ${options.loosenedTargets}` : 'holds no rung to a target looser than the defaults', () => {
      const all = (['small', 'default', 'large'] as const).flatMap((scale) => claim.ladders[scale]);
      const loosened = all.filter((r) => (r.expected.outcome === 'holds' && (r.expected.pHold ?? DEFAULT_P_HOLD) < DEFAULT_P_HOLD) || (r.expected.outcome === 'fails' && (r.expected.pFail ?? DEFAULT_P_FAIL) > DEFAULT_P_FAIL));
      if (options.loosenedTargets) {
        expect(loosened.length).toBeGreaterThan(0);
        expect(claim.notes?.join(' ') ?? '', 'the calibration behind a loosened target belongs in the notes').toMatch(/[Cc]alibration/);
      } else expect(loosened.map(rungName)).toEqual([]);
    });

    for (const rung of claim.ladders.small) {
      const { expected } = rung;
      it(`small ladder ${rungName(rung)}: ${expected.outcome}`, async () => {
        const rate = await rungRate(claim, rung);
        for (const o of rate.outcomes) for (const v of Object.values(o.observables)) expect(Number.isFinite(v)).toBe(true);
        // A gated rung is checked: more of its trials scored than not (the runner's rule).
        if (expected.outcome !== 'observe') expect(2 * rate.scored, rate.outcomes.map((o) => o.reason).join('; ')).toBeGreaterThanOrEqual(rate.runs);
        if (expected.outcome === 'holds') expect(rate.passes / rate.scored).toBeGreaterThanOrEqual(expected.pHold ?? DEFAULT_P_HOLD);
        if (expected.outcome === 'fails') expect(rate.passes / rate.scored).toBeLessThanOrEqual(expected.pFail ?? DEFAULT_P_FAIL);
        options.perRung?.(claim, rung, rate);
      });
    }

    const first = claim.ladders.small[0];
    if (first && !options.noReplay) {
      it(`a trial of ${rungName(first)} replays alone from its seed`, async () => {
        const seed = trialSeed(KIT_SEED, claim.id, rungName(first), 0);
        const ran = await runTrial(claim, first.params, 0, seed, { trainer: referenceTrainer, params: first.params });
        const again = await replay(claim, { seed, at: first.params, space: false, trainer: referenceTrainer });
        expect({ pass: again.pass, status: again.status, observables: again.observables }).toEqual({ pass: ran.pass, status: ran.status, observables: ran.observables });
      });
    }

    const control = options.controlTrainer;
    if (control) {
      for (const rung of claim.ladders.small.filter((r) => r.expected.outcome === 'holds')) {
        it(`its control, ${control.trainer.name} (${control.why}), fails ${rungName(rung)}`, async () => {
          const rate = await rungRate(claim, rung, { trainer: control.trainer });
          expect(2 * rate.scored).toBeGreaterThanOrEqual(rate.runs);
          expect(rate.passes / rate.scored).toBeLessThanOrEqual(DEFAULT_P_FAIL);
        });
      }
    }

    // Every holds rung of the small and default ladders, once: a trainer that learns nothing passes none of them.
    const holds = [...claim.ladders.small, ...claim.ladders.default].filter((r, i, all) => r.expected.outcome === 'holds' && all.findIndex((q) => rungName(q) === rungName(r)) === i);
    if (holds.length && !options.untrained?.includes(claim)) {
      it(`a trainer that learns nothing passes none of its ${holds.length} holds rungs`, async () => {
        for (const rung of holds) {
          const rate = await rungRate(claim, rung, { trainer: idleTrainer, runs: 1 });
          expect(rate.passes, `${rungName(rung)}: ${rate.outcomes.map((o) => `${o.status}: ${o.reason}`).join('; ')}`).toBe(0);
        }
      });
    }
  });
}
