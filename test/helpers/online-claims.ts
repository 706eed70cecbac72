// Test helpers of the claims built on properties/shared/online-sgd.ts (batch-size, data-repetition): a trainer that
// returns its initial weights, and the per-rung assertions each family's claims share.
import { expect } from 'vitest';
import { rungName, type Claim, type Rung } from '../../src/contract/claim';
import { referenceTrainer } from '../../src/core/train';
import type { TrainRequest, TrainResult, Trainer } from '../../src/contract/trainer';
import { dLogDSteps, expectedAlong, rates } from '../../properties/data-repetition/family';
import { rungRate, type RungRate } from './claim-kit';

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

/** Every trial of the reference trainer is scored (status ok, not only counted as scored). */
export function everyTrialScored(rate: RungRate): void {
  expect(rate.scored, 'every trial of the reference trainer is scored').toBe(rate.runs);
  expect(rate.outcomes.map((o) => o.status)).toEqual(rate.outcomes.map(() => 'ok'));
}

/** batch-size's small ladders: every trial scored, the median ratio on the expected side of 2. */
export function batchRatios(_claim: Claim<any>, rung: Rung, rate: RungRate): void {
  everyTrialScored(rate);
  if (rung.expected.outcome === 'holds') {
    // The batch leaves the sample count alone: median ratio near 1.
    for (const o of rate.outcomes) expect(o.observables.ratio).toBeLessThan(2);
  } else {
    // The negative control fails.
    expect(rung.expected.outcome).toBe('fails');
    // Square loss far beyond d^{3/2}: most runs never reach the overlap within T (about 1 in 29 does at d = 16).
    const stalled = rate.outcomes.filter((o) => o.observables.ratio > 2).length;
    expect(stalled).toBeGreaterThanOrEqual(0.9 * rate.outcomes.length);
  }
}

/** batch-size: a trainer that does not train is not scored on any gated small rung (no crossing at n_b = 1). */
export async function batchUntrainedNotScored(claim: Claim<any>): Promise<void> {
  for (const rung of claim.ladders.small.filter((r) => r.expected.outcome !== 'observe')) {
    const { outcomes, passes, scored } = await rungRate(claim, { ...rung, runs: 2 }, { trainer: untrained });
    expect(passes, rungName(rung)).toBe(0);
    expect(scored, rungName(rung)).toBe(0);
    for (const o of outcomes) expect(o.reason).toMatch(/did not cross/);
  }
}

/** data-repetition's single-neuron small ladders: every trial scored, and the reference trainer meets the premise. */
export function repetitionPremiseHeld(_claim: Claim<any>, rung: Rung, rate: RungRate): void {
  everyTrialScored(rate);
  // The reference trainer meets the premise: ⟨w_T, w_0⟩ near e^{−γT/2}, plain and displaced.
  const T = rung.params.Td !== undefined ? rung.params.Td * rung.params.d : dLogDSteps(rung.params);
  const want = expectedAlong(rates(rung.params.d).gamma, T);
  for (const o of rate.outcomes) {
    for (const along of [o.observables.along, o.observables.alongPlain, o.observables.alongRepeated]) {
      if (along !== undefined) expect(Math.abs(along - want)).toBeLessThan((1 - want) / 2);
    }
  }
}

/**
 * data-repetition: a trainer that returns its initial weights passes no gated small rung; where the check reads
 * the premise (`premised`), every trial is not scored for not performing the paper's dynamics.
 */
export async function repetitionUntrained(claim: Claim<any>, premised: (rung: Rung) => boolean): Promise<void> {
  for (const rung of claim.ladders.small.filter((r) => r.expected.outcome !== 'observe')) {
    const { outcomes, passes } = await rungRate(claim, { ...rung, runs: 3 }, { trainer: untrained });
    expect(passes, rungName(rung)).toBe(0);
    for (const o of outcomes) {
      if (premised(rung)) {
        expect(o.status).toBe('not-scored');
        expect(o.reason).toMatch(/did not perform the paper's dynamics/);
      } else {
        expect(o.pass).toBe(false);
      }
    }
  }
}
