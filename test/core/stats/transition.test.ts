import { describe, expect, it } from 'vitest';
import type { Claim, Expectation, Params } from '../../../src/contract/claim';
import type { RungResult } from '../../../src/contract/report';
import { locateTransition, transitionSpec } from '../../../src/core/stats/transition';
import { rung } from '../../helpers/reports';

const HOLDS: Expectation = { outcome: 'holds' };
const FAILS: Expectation = { outcome: 'fails' };
const OBSERVE: Expectation = { outcome: 'observe' };

const at = (params: Params, expected: Expectation, passes: number, runs = 20): RungResult =>
  rung(Object.entries(params).map(([k, v]) => `${k}=${v}`).join(','), expected, passes, runs, params);

/** The shape of quadratic.recovery-threshold: x = N/N*, a ratio to N* = d(d+1)/2 ∝ d². */
const recovery: Pick<Claim, 'transition' | 'plot' | 'counts'> = {
  transition: { x: 'NOverNstar', scale: 2, exponent: 2, value: 1, label: 'N = N*' },
  plot: { x: 'NOverNstar', series: 'd' },
  counts: { N: { ratio: 'NOverNstar', unit: (p) => (p.d * (p.d + 1)) / 2 } },
};

describe('locateTransition', () => {
  it('brackets an exact threshold at every d and finds the paper\'s exponent among those the brackets allow', () => {
    const ds = [5, 6, 7, 8];
    const results = ds.flatMap((d) => {
      const Ns = (d * (d + 1)) / 2;
      return [0.5, 0.9, (Ns - 1) / Ns, 1, 1.1, 2].map((r) => (r < 1 ? at({ d, NOverNstar: r }, FAILS, 0) : at({ d, NOverNstar: r }, HOLDS, 20)));
    });
    const spec = transitionSpec(recovery)!;
    expect(spec.by).toBe('d');
    expect(spec.log).toBe(true);
    const t = locateTransition(spec, results);
    expect(t.rising).toBe(true);
    for (const [i, d] of ds.entries()) {
      const Ns = (d * (d + 1)) / 2;
      expect(t.series[i]).toEqual({ at: d, rungs: 6, trials: 120, interval: [(Ns - 1) / Ns, 1], separated: true });
    }
    expect(t.scaling?.method).toBe('brackets');
    expect(t.scaling?.value).toBeUndefined();
    expect(t.scaling?.agrees).toBe(true);
    // The count's exponent is the scale of N/N* (2) plus the fitted exponent of the ratio's threshold.
    expect(t.scaling!.interval![0]).toBe(2 + t.scaling!.fittedInterval![0]);
  });

  it('calls an exponent interval that holds 0 too wide to test the paper\'s, and agrees with nothing there', () => {
    // The same wide bracket at two d: any exponent from far below 0 to far above fits it.
    const claim: Pick<Claim, 'transition' | 'plot'> = { transition: { x: 'alpha', scale: 1, exponent: 1, label: 'n ~ d' }, plot: { x: 'alpha', series: 'd', logX: true } };
    const results = [32, 64].flatMap((d) => [at({ d, alpha: 1 / 8 }, FAILS, 0), at({ d, alpha: 16 }, HOLDS, 20)]);
    const t = locateTransition(transitionSpec(claim)!, results);
    expect(t.scaling?.interval![0]).toBeLessThan(0);
    expect(t.scaling).toMatchObject({ paper: 1, tooWide: true });
    expect(t.scaling).not.toHaveProperty('agrees');
  });

  it('selects the rungs its declaration names, and finds from the expectations which side holds', () => {
    // The shape of batch-size: x = n_b (log axis), falling for the square loss, flat for the correlation loss.
    const claim: Pick<Claim, 'transition' | 'plot'> = {
      transition: { x: 'nb', by: 'd', where: { loss: 0 }, exponent: 1.5, label: 'n_b ~ d^{3/2}' },
      plot: { x: 'nb', series: 'd', logX: true },
    };
    const rate = [20, 19, 16, 9, 3, 0];
    const results = [16, 32].flatMap((d) =>
      [4, 16, 64, 256, 1024, 4096].flatMap((nb, i) => {
        // At d = 32 the same curve sits 2^1.5 further right: every n_b of d = 16 times 2√2.
        const x = d === 16 ? nb : nb * 2 ** 1.5;
        const expected = d === 32 ? OBSERVE : i < 2 ? HOLDS : i > 3 ? FAILS : OBSERVE;
        return [at({ d, nb: x, loss: 0 }, expected, rate[i]), at({ d, nb: x, loss: 1 }, HOLDS, 20)];
      }),
    );
    const t = locateTransition(transitionSpec(claim)!, results);
    // d = 32 has only observe rungs: the side that holds comes from every selected rung.
    expect(t.rising).toBe(false);
    expect(t.series.map((s) => [s.at, s.rungs])).toEqual([[16, 6], [32, 6]]);
    expect(t.series[1].x50! / t.series[0].x50!).toBeCloseTo(2 ** 1.5, 10);
    expect(t.scaling?.method).toBe('weighted least squares');
    expect(t.scaling!.value).toBeCloseTo(1.5, 10);
    expect(t.scaling?.agrees).toBe(true);
    expect(t.series[0].curve!.b).toBeLessThan(0);
  });

  it('is the same located again from a transition computed before the results came (the vitest reporter\'s way)', () => {
    const claim: Pick<Claim, 'transition' | 'plot'> = { transition: { x: 'n', by: 'd', exponent: 1, label: 'n ~ d' }, plot: { x: 'n', logX: true } };
    const results = [8, 16].flatMap((d) => [1, 2, 4, 8].map((n, i) => at({ d, n: (n * d) / 8 }, i === 0 ? FAILS : i === 3 ? HOLDS : OBSERVE, [1, 6, 14, 19][i])));
    const spec = transitionSpec(claim)!;
    const direct = locateTransition(spec, results);
    // Key for key, in the same order: report.json is compared byte for byte.
    expect(JSON.stringify(locateTransition(locateTransition(spec, []), results))).toBe(JSON.stringify(direct));
    expect(JSON.stringify(locateTransition(direct, results))).toBe(JSON.stringify(direct));
  });

  it('says why a series or the exponent was not located', () => {
    const claim: Pick<Claim, 'transition'> = { transition: { x: 'n', by: 'd', exponent: 1, label: 'n ~ d' } };
    const results = [
      at({ d: 8, n: 1 }, FAILS, 0),
      at({ d: 8, n: 2 }, OBSERVE, 9),
      at({ d: 8, n: 4 }, HOLDS, 20),
      at({ d: 16, n: 2 }, FAILS, 1),
    ];
    const t = locateTransition(transitionSpec(claim)!, results);
    expect(t.log).toBe(false);
    expect(t.series[0].interval).toBeDefined();
    expect(t.series[1].reason).toMatch(/one scored rung/);
    expect(t.scaling?.reason).toMatch(/one value of the size parameter/);
    expect(t.scaling?.paper).toBe(1);
    // Without holds and fails rungs no side can be said to hold.
    const observed = locateTransition(transitionSpec(claim)!, results.map((r) => ({ ...r, expected: 'observe' as const })));
    expect(observed.series.map((s) => s.reason)).toEqual([expect.stringMatching(/which side/), expect.stringMatching(/one scored rung/)]);
    // Unless the claim says which.
    const declared = locateTransition(transitionSpec({ transition: { ...claim.transition!, holds: 'above' } })!, results.map((r) => ({ ...r, expected: 'observe' as const })));
    expect(declared.rising).toBe(true);
    expect(declared.series[0].interval).toEqual(t.series[0].interval);
    // A claim without a series has one threshold and no exponent.
    const single = locateTransition(transitionSpec({ transition: { x: 'n', label: 'n' } })!, results.slice(0, 3));
    expect(single.series).toHaveLength(1);
    expect(single.scaling).toBeUndefined();
  });
});
