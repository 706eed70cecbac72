import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims as registry } from '../../../properties/index';
import type { Expectation } from '../../../src/contract/claim';
import type { Report } from '../../../src/contract/report';
import { runClaims, trialKey } from '../../../src/runner/run';
import { decisive, MIN_DECISIVE, MIN_SCORED, settled } from '../../../src/core/verdict/sequential';
import { wilson } from '../../../src/core/stats/stats';
import { rateVerdict } from '../../../src/core/verdict/verdict';
import type { TrialOutcome } from '../../../src/core/check/trial';
import { referenceTrainer } from '../../../src/core/train/reference';
import { reportJson, withoutTiming } from '../../../src/report/json';
import { reportMarkdown } from '../../../src/report/markdown';
import { coinClaim } from '../../helpers/toy-claims';

const holds: Expectation = { outcome: 'holds' };
const fails: Expectation = { outcome: 'fails' };
const observe: Expectation = { outcome: 'observe' };

/** The first n at which a rung of N trials, all passing (or all failing), stops. */
function stopAt(expected: Expectation, N: number, passing: boolean): number {
  for (let n = 1; n <= N; n++) if (settled(expected, passing ? n : 0, n, N - n)) return n;
  return N;
}

describe('the stopping rule', () => {
  it('settles an agreeing rung on MIN_SCORED scored trials at the earliest', () => {
    // All passing with target 0.9: at n = 20 of 30 the Wilson lower end 0.839 still gives 20 + 10·0.839 ≥ 28
    // passes of 30 in the worst case, so the rung agrees whatever comes; before 20 it may not stop, although the
    // same argument would have held from n = 16.
    expect(stopAt(holds, 30, true)).toBe(MIN_SCORED);
    expect(stopAt(fails, 30, false)).toBe(MIN_SCORED);
    expect(stopAt(holds, 50, true)).toBe(MIN_SCORED);
    expect(settled(holds, MIN_SCORED - 1, MIN_SCORED - 1, 100)).toBe(false);
    // A rung with fewer trials than that runs them all.
    expect(stopAt(holds, 6, true)).toBe(6);
    // Observe rungs have no target to power: they stop once clearly on one side of ½.
    expect(stopAt(observe, 30, false)).toBe(MIN_DECISIVE);
  });

  it('stops a rung whose interval already misses its target after MIN_DECISIVE trials, not after one failure', () => {
    // Every trial failing a holds rung: Wilson's upper end is below 0.9 from the first trial on, yet the rung
    // waits for MIN_DECISIVE trials.
    expect(wilson(0, 1)[1]).toBeLessThan(0.9);
    expect(stopAt(holds, 30, false)).toBe(MIN_DECISIVE);
    expect(stopAt(fails, 30, true)).toBe(MIN_DECISIVE);
    expect(decisive(holds, 0, MIN_DECISIVE)).toBe(true);
    // 8 of 8 passing is no evidence of a rate ≥ 0.9: the interval [0.68, 1] straddles it.
    expect(decisive(holds, MIN_DECISIVE, MIN_DECISIVE)).toBe(false);
  });

  it('stops a rung that cannot be checked whatever comes: more unscored trials than scored ones could reach', () => {
    expect(settled(holds, 0, 0, 5, 6)).toBe(true);
    expect(settled(holds, 0, 0, 6, 6)).toBe(false);
    // Observe rungs have no verdict to lose.
    expect(settled(observe, 0, 0, 5, 6)).toBe(false);
  });

  it('never stops a rung whose verdict could still change, nor an exact rung that keeps passing', () => {
    // 8 of 10 passing with 20 left: 0.8 < 0.9 now, but enough passes would still make it agree.
    expect(settled(holds, 8, 10, 20)).toBe(false);
    expect(stopAt({ outcome: 'holds', pHold: 1 }, 40, true)).toBe(40);
    expect(stopAt({ outcome: 'fails', pFail: 0 }, 40, false)).toBe(40);
    // An observe rung in its transition (rate ½) runs its full count.
    expect(settled(observe, 10, 20, 20)).toBe(false);
  });

  it('when it stops, the Wilson interval is decisive, or every pass count inside it gives the verdict it reports', () => {
    const rung = fc.record({
      expected: fc.constantFrom<Expectation>(holds, fails, { outcome: 'holds', pHold: 0.8 }, { outcome: 'fails', pFail: 0.25 }),
      scored: fc.integer({ min: 1, max: 80 }),
      remaining: fc.integer({ min: 1, max: 80 }),
      share: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(rung, ({ expected, scored, remaining, share }) => {
        const passes = Math.round((share / 1000) * scored);
        if (!settled(expected, passes, scored, remaining)) return;
        const now = rateVerdict(expected, passes, scored);
        expect(now).not.toBe('inconclusive');
        expect(scored).toBeGreaterThanOrEqual(MIN_DECISIVE);
        if (decisive(expected, passes, scored)) return;
        expect(scored).toBeGreaterThanOrEqual(MIN_SCORED);
        const [lo, hi] = wilson(passes, scored);
        for (let k = Math.floor(passes + remaining * lo); k <= Math.ceil(passes + remaining * hi); k++) {
          expect(rateVerdict(expected, k, scored + remaining)).toBe(now);
        }
      }),
    );
  });
});

describe('sequential runs', () => {
  it('draw fewer trials, say how many of how many, and keep the verdicts', async () => {
    const base = { seed: 3, trainer: referenceTrainer, scale: 'small' as const, shrink: false };
    const full = await runClaims([coinClaim], base);
    const seq = await runClaims([coinClaim], { ...base, sequential: true });
    for (const [i, r] of seq.claims[0].results.entries()) {
      expect(r.verdict).toBe(full.claims[0].results[i].verdict);
      expect(r.planned).toBe(200);
      expect(r.trials).toBeLessThan(200);
    }
    expect(seq.claims[0].results.reduce((s, r) => s + r.trials, 0)).toBeLessThan(0.6 * 400);
    expect(full.claims[0].results.every((r) => r.planned === undefined)).toBe(true);
    const [first] = seq.claims[0].results;
    expect(reportMarkdown(seq)).toContain(`stopped after ${first.trials} of 200 trials`);
    expect(reportMarkdown(full)).not.toContain('stopped after');
  });

  it('stop at the same trial on resume: the decision depends on outcomes in trial order only', async () => {
    const base = { seed: 4, trainer: referenceTrainer, scale: 'small' as const, shrink: false, sequential: true };
    const seen = new Map<string, TrialOutcome>();
    const first = await runClaims([coinClaim], { ...base, onTrial: (k, o) => void seen.set(k, o) });
    const ran = first.claims[0].results.reduce((s, r) => s + r.trials, 0);
    expect(seen.size).toBe(ran);
    // Drop the later half of each rung's trials, as an interrupted run would.
    for (const r of first.claims[0].results) for (let t = Math.floor(r.trials / 2); t < r.trials; t++) seen.delete(trialKey(coinClaim.id, r.scale.name, t));
    let recomputed = 0;
    const second = await runClaims([coinClaim], { ...base, known: seen, onTrial: () => void recomputed++ });
    expect(reportJson(withoutTiming(second))).toBe(reportJson(withoutTiming(first)));
    expect(recomputed).toBe(ran - seen.size);
  });

  it('are off for a shard, which cannot see the other shards\' trials', async () => {
    const base = { seed: 3, trainer: referenceTrainer, scale: 'small' as const, shrink: false, sequential: true, shard: { index: 1, count: 2 } };
    const report = await runClaims([coinClaim], base);
    expect(report.claims[0].results.every((r) => r.planned === undefined && r.trials > 80)).toBe(true);
  });
});

// The cheap claims of the default ladder (a quarter of its rungs, every kind of rung among them), run once in
// full; the sequential run is the same trials read back with stopping on, so it cannot differ for any other reason.
const CHEAP = [
  'quadratic.energy-barrier',
  'quadratic.empirical-barrier',
  'quadratic.identity-below-barrier',
  'quadratic.recovery-threshold',
  'giant-step.only-one-direction',
  'spectrum.rank-one-spike',
  'clustering.statistical-gap',
];

describe('on the default ladder', () => {
  it('sequential stopping gives the verdicts of the full-count run with far fewer trials', async () => {
    const claims = registry.filter((c) => CHEAP.includes(c.id));
    expect(claims.map((c) => c.id).sort()).toEqual([...CHEAP].sort());
    const known = new Map<string, TrialOutcome>();
    const options = { seed: 1, trainer: referenceTrainer, scale: 'default' as const, shrink: false };
    const full = await runClaims(claims, { ...options, onTrial: (k, o) => void known.set(k, o) });
    const seq = await runClaims(claims, { ...options, known, knownOnly: true, sequential: true });
    const verdicts = (r: Report) => r.claims.flatMap((c) => c.results.map((x) => `${c.id} ${x.scale.name}: ${x.verdict}`));
    expect(verdicts(seq)).toEqual(verdicts(full));
    const count = (r: Report) => r.claims.reduce((s, c) => s + c.results.reduce((t, x) => t + x.trials, 0), 0);
    const gated = (r: Report) => r.claims.reduce((s, c) => s + c.results.filter((x) => x.target !== undefined && x.target > 0 && x.target < 1).reduce((t, x) => t + x.trials, 0), 0);
    expect(count(seq)).toBeLessThan(0.75 * count(full));
    expect(gated(seq)).toBeLessThan(0.6 * gated(full));
  });
});
