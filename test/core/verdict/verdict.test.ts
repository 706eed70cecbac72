import { describe, expect, it } from 'vitest';
import type { Expectation } from '../../../src/contract/claim';
import { wilson } from '../../../src/core/stats/stats';
import type { RungVerdict } from '../../../src/contract/report';
import { claimVerdict, detectableGap, rateVerdict, rungVerdict, summariseRun, type JudgedRung } from '../../../src/core/verdict/verdict';

const holds: Expectation = { outcome: 'holds' };
const fails: Expectation = { outcome: 'fails' };

describe('rateVerdict', () => {
  it('holds: agrees at or above the target, disagrees when the interval is below it', () => {
    expect(rateVerdict(holds, 19, 20)).toBe('agrees');
    expect(rateVerdict(holds, 10, 20)).toBe('disagrees');
    expect(rateVerdict(holds, 17, 20)).toBe('inconclusive');
    // Exact claims: a single failure puts the whole interval below 1.
    expect(rateVerdict({ outcome: 'holds', pHold: 1 }, 19, 20)).toBe('disagrees');
    expect(rateVerdict({ outcome: 'holds', pHold: 1 }, 0, 20)).toBe('disagrees');
  });
  it('fails: agrees at or below the target, disagrees when the interval is above it', () => {
    expect(rateVerdict(fails, 1, 20)).toBe('agrees');
    expect(rateVerdict(fails, 12, 20)).toBe('disagrees');
    expect(rateVerdict({ outcome: 'fails', pFail: 0 }, 0, 20)).toBe('agrees');
    expect(rateVerdict({ outcome: 'fails', pFail: 0 }, 1, 20)).toBe('disagrees');
  });
  it('nothing measured is inconclusive, never agreeing', () => {
    expect(rateVerdict(holds, 0, 0)).toBe('inconclusive');
    expect(rateVerdict(fails, 0, 0)).toBe('inconclusive');
  });
});

describe('rungVerdict', () => {
  it('an observe rung is observed, whatever its rate', () => {
    expect(rungVerdict({ outcome: 'observe' }, { passes: 3, runs: 20, trials: 20 })).toBe('observed');
    expect(rungVerdict({ outcome: 'observe' }, { passes: 0, runs: 0, trials: 20 })).toBe('observed');
  });
  it('a gated rung with no scored trial, or fewer scored than unscored, is not checked: never a pass', () => {
    for (const expected of [holds, fails, { outcome: 'holds', pHold: 1 } as Expectation]) {
      expect(rungVerdict(expected, { passes: 0, runs: 0, trials: 20 })).toBe('not-checked');
      expect(rungVerdict(expected, { passes: 0, runs: 0, trials: 0 })).toBe('not-checked');
      expect(rungVerdict(expected, { passes: 9, runs: 9, trials: 20 })).toBe('not-checked');
    }
    // Half scored is enough: the scored trials stand for the rung.
    expect(rungVerdict(holds, { passes: 10, runs: 10, trials: 20 })).toBe('agrees');
    expect(rungVerdict(fails, { passes: 0, runs: 10, trials: 20 })).toBe('agrees');
  });
});

describe('detectableGap', () => {
  it('is the distance from the target to the nearest rate whose whole interval misses it', () => {
    // 20 trials at pHold 0.9: 15/20 has Wilson upper end 0.888 < 0.9; 16/20 has 0.919.
    expect(wilson(15, 20)[1]).toBeLessThan(0.9);
    expect(wilson(16, 20)[1]).toBeGreaterThan(0.9);
    expect(detectableGap(holds, 20)).toBeCloseTo(0.15, 12);
    expect(detectableGap(holds, 8)).toBeCloseTo(0.275, 12);
    expect(detectableGap(fails, 20)).toBeCloseTo(wilsonFirstAbove(0.1, 20) / 20 - 0.1, 12);
    // It shrinks as trials grow, and observe rungs have none.
    expect(detectableGap(holds, 100)!).toBeLessThan(detectableGap(holds, 20)!);
    expect(detectableGap({ outcome: 'observe' }, 20)).toBeUndefined();
  });
});

function wilsonFirstAbove(target: number, n: number): number {
  let k = 0;
  while (wilson(k, n)[0] <= target) k++;
  return k;
}

describe('claimVerdict', () => {
  const expectedOf = (v: RungVerdict) => (v === 'observed' ? 'observe' : 'holds');
  const of = (...verdicts: RungVerdict[]) => claimVerdict(verdicts.map((verdict) => ({ verdict, expected: expectedOf(verdict) })));
  it('agrees only when every gated rung agrees; observe rungs never count', () => {
    expect(of('agrees', 'agrees', 'observed')).toBe('agrees');
    expect(of('agrees', 'not-checked')).toBe('not-checked');
    expect(of('agrees', 'inconclusive', 'not-checked')).toBe('inconclusive');
    expect(of('agrees', 'disagrees', 'inconclusive')).toBe('disagrees');
  });
  it('a claim with no gated rung is observe-only, not agreeing', () => {
    expect(of('observed', 'observed')).toBe('observe-only');
    expect(of()).toBe('observe-only');
  });
  it('a claim whose statement is only observed is observe-only even when its controls agree; a failing control still fails it', () => {
    const controls = (v: RungVerdict) => claimVerdict([{ verdict: 'observed', expected: 'observe' }, { verdict: v, expected: 'fails' }]);
    expect(controls('agrees')).toBe('observe-only');
    expect(controls('disagrees')).toBe('disagrees');
    expect(controls('not-checked')).toBe('not-checked');
    // Holds-only claims (no control on the ladder) agree on their holds rungs.
    expect(claimVerdict([{ verdict: 'agrees', expected: 'holds' }])).toBe('agrees');
  });
});

describe('summariseRun', () => {
  const rung = (verdict: RungVerdict, over: Partial<JudgedRung> = {}): JudgedRung => ({ scale: { name: 'r' }, verdict, passes: 0, runs: 20, trials: 20, skipped: 0, reasons: [], ...over });
  const claim = (id: string, ...results: JudgedRung[]) => ({ id, verdict: claimVerdict(results.map((r) => ({ ...r, expected: r.verdict === 'observed' ? ('observe' as const) : ('holds' as const) }))), results });

  it('exits 0 only when every claim agrees or only observes', () => {
    const s = summariseRun([claim('a', rung('agrees')), claim('b', rung('observed'))]);
    expect(s).toMatchObject({ outcome: 'agrees', exitCode: 0, failing: [], notChecked: [] });
    expect(s.claims).toMatchObject({ agrees: 1, 'observe-only': 1 });
  });
  it('exits 1 when a claim disagrees or stays inconclusive, and names it', () => {
    const s = summariseRun([claim('a', rung('agrees')), claim('b', rung('inconclusive')), claim('c', rung('not-checked', { runs: 0 }))]);
    expect(s).toMatchObject({ outcome: 'disagrees', exitCode: 1, failing: ['b'] });
  });
  it('exits 4 when a gated rung was not scored, with why', () => {
    const s = summariseRun([claim('a', rung('agrees')), claim('b', rung('not-checked', { runs: 0, reasons: ['not fitted'] }))]);
    expect(s).toMatchObject({ outcome: 'not-checked', exitCode: 4 });
    expect(s.notChecked).toEqual([{ claim: 'b', rung: 'r', unsupported: false, why: '20 of 20 trials not scored: not fitted' }]);
  });
  it('--allow-unsupported lets through only rungs the trainer declined, still listed as not checked', () => {
    const declined = claim('b', rung('not-checked', { runs: 0, skipped: 20 }));
    const unfitted = claim('c', rung('not-checked', { runs: 0 }));
    expect(summariseRun([declined], { allowUnsupported: true })).toMatchObject({ outcome: 'agrees', exitCode: 0, notChecked: [{ claim: 'b', unsupported: true }] });
    expect(summariseRun([declined, unfitted], { allowUnsupported: true })).toMatchObject({ outcome: 'not-checked', exitCode: 4 });
    expect(summariseRun([declined])).toMatchObject({ outcome: 'not-checked', exitCode: 4 });
  });
  it('a trainer that did not train fails the run whatever the claims say', () => {
    expect(summariseRun([claim('a', rung('agrees'))], { didNotTrain: true })).toMatchObject({ outcome: 'did-not-train', exitCode: 1 });
    expect(summariseRun([], { didNotTrain: true })).toMatchObject({ outcome: 'did-not-train', exitCode: 1 });
  });
});
