import { describe, expect, it } from 'vitest';
import type { ClaimResult, RungResult } from '../../src/contract/report';
import { recoveryThreshold } from '../../properties/quadratic/recovery-threshold';
import { rungName } from '../../src/contract/claim';
import { rungsFor } from '../../src/core/check/select';
import { claimVerdict } from '../../src/core/verdict/verdict';
import { curveLabel, plotData, RATE_REFERENCE, xParam } from '../../src/report/plot-data';
import { transitionClaim } from '../helpers/reports';

function rung(params: Record<string, number>, over: Partial<RungResult> = {}): RungResult {
  return {
    scale: { name: Object.entries(params).map(([k, v]) => `${k}=${v}`).join(','), params },
    runs: 10,
    passes: 5,
    passRate: 0.5,
    interval: [0.24, 0.76],
    expected: 'observe',
    verdict: 'observed',
    trials: 10,
    notScored: 0,
    diverged: 0,
    errors: 0,
    skipped: 0,
    reasons: [],
    observables: {},
    failingSeeds: [],
    seconds: 0,
    ...over,
  };
}

function claim(results: RungResult[], plot?: ClaimResult['plot']): ClaimResult {
  return { id: 'fam.claim', paper: 'P', statement: 'S', results, verdict: claimVerdict(results), seconds: 0, ...(plot ? { plot } : {}) };
}

describe('plot data', () => {
  it('uses the claim\'s x, else the first parameter that varies, else the first there is', () => {
    const results = [rung({ d: 4, N: 8 }), rung({ d: 4, N: 16 })];
    expect(xParam(claim(results, { x: 'd' }))).toBe('d');
    expect(xParam(claim(results))).toBe('N');
    expect(xParam(claim([rung({ d: 4, N: 8 })]))).toBe('d');
    expect(plotData(claim([rung({})]))).toBeUndefined();
  });

  it('splits curves by every other varying parameter, the claim\'s series first', () => {
    const results = [
      rung({ family: 0, d: 4, r: 1 }),
      rung({ family: 0, d: 4, r: 2 }),
      rung({ family: 1, d: 8, r: 1 }),
      rung({ family: 1, d: 8, r: 2 }),
    ];
    const data = plotData(claim(results, { x: 'r', series: 'd' }))!;
    expect(data.curveBy).toEqual(['d', 'family']);
    expect(data.curves).toEqual(['d=4, family=0', 'd=8, family=1']);
    expect(data.rates.map((p) => [p.x, p.curve])).toEqual([
      [1, 'd=4, family=0'],
      [2, 'd=4, family=0'],
      [1, 'd=8, family=1'],
      [2, 'd=8, family=1'],
    ]);
    // A parameter that does not vary does not split curves.
    expect(plotData(claim([rung({ d: 4, r: 1 }), rung({ d: 4, r: 2 })], { x: 'r', series: 'd' }))!.curveBy).toEqual([]);
    expect(curveLabel({ d: 4 }, [])).toBe('all rungs');
  });

  it('names a coded parameter\'s curves by the claim\'s labels, and others by their value', () => {
    const labels = { family: ['random factors', 'full rank'] };
    expect(curveLabel({ d: 4, family: 1 }, ['d', 'family'], labels)).toBe('d=4, full rank');
    expect(curveLabel({ d: 4, family: 7 }, ['family'], labels)).toBe('family=7');
    const data = plotData(claim([rung({ d: 4, r: 1, family: 0 }), rung({ d: 4, r: 1, family: 1 })], { x: 'r', series: 'family', labels }))!;
    expect(data.curves).toEqual(['random factors', 'full rank']);
  });

  it('leaves out rungs with no scored trial or no x value, and says why', () => {
    const data = plotData(claim([rung({ N: 1 }), rung({ N: 2 }, { runs: 0, passRate: 0, interval: [0, 1], verdict: 'not-checked' }), rung({ M: 3 })], { x: 'N' }))!;
    expect(data.rates.map((p) => p.x)).toEqual([1]);
    expect(data.omitted).toEqual([
      { rung: 'M=3', why: 'no value for N' },
      { rung: 'N=2', why: 'no scored trial' },
    ]);
  });

  it('pairs reference values with the measured summaries; a passRate reference goes on the rate plot', () => {
    const observables = { overlap: { median: 0.5, q10: 0.4, q90: 0.6 } };
    const data = plotData(
      claim([
        rung({ alpha: 1 }, { observables, reference: { overlap: 0.55, [RATE_REFERENCE]: 0.3 } }),
        rung({ alpha: 2 }, { reference: { overlap: 0.7 } }),
      ]),
    )!;
    expect(data.observables).toEqual(['overlap']);
    expect(data.theory).toEqual([
      { observable: 'overlap', x: 1, curve: 'all rungs', rung: 'alpha=1', reference: 0.55, median: 0.5, q10: 0.4, q90: 0.6 },
      { observable: 'overlap', x: 2, curve: 'all rungs', rung: 'alpha=2', reference: 0.7 },
    ]);
    expect(data.rates.map((p) => p.theory)).toEqual([0.3, undefined]);
  });

  it('draws log x only when asked and every x is positive', () => {
    expect(plotData(claim([rung({ a: 1 }), rung({ a: 4 })], { x: 'a', logX: true }))!.logX).toBe(true);
    expect(plotData(claim([rung({ a: 0 }), rung({ a: 4 })], { x: 'a', logX: true }))!.logX).toBe(false);
    expect(plotData(claim([rung({ a: 1 }), rung({ a: 4 })], { x: 'a' }))!.logX).toBe(false);
  });

  it('draws a custom rung given a count (--at d=6,N=20) at the ratio it ran at, under its own name', () => {
    const [custom] = rungsFor(recoveryThreshold, 'default', { d: 6, N: 20 });
    const result = { ...rung(custom.params), scale: { name: rungName(custom), params: custom.params } };
    const data = plotData(claim([result], recoveryThreshold.plot))!;
    expect(data.rates.map((p) => [p.x, p.rung])).toEqual([[20 / 21, 'd=6,NOverNstar=0.952381,N=20']]);
  });

  it('carries the fitted curve and the located threshold of each series onto its curve', () => {
    const claim = transitionClaim();
    const data = plotData(claim)!;
    expect(data.located.map((l) => l.curve)).toEqual(['d=8', 'd=16']);
    // Two bars, one either side of ½, so that equal intervals stay apart.
    const ys = [0.485, 0.515];
    for (const [i, s] of claim.transition!.series.entries()) expect(data.located[i]).toEqual({ curve: data.curves[i], lo: s.interval![0], hi: s.interval![1], x50: s.x50, y: expect.closeTo(ys[i], 12) });
    // The curve spans the series' rungs and crosses ½ at its 50% point.
    const d8 = data.fits.filter((p) => p.curve === 'd=8');
    expect([d8[0].x, d8[d8.length - 1].x]).toEqual([1, 16]);
    expect(d8[0].rate).toBeLessThan(0.5);
    expect(d8[d8.length - 1].rate).toBeGreaterThan(0.5);
    // No transition on another axis.
    expect(plotData({ ...claim, plot: { x: 'd' } })!.located).toEqual([]);
  });
});
