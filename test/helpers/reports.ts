// Reports built from rung counts, as the runner aggregates them: for the tests of what reads reports.
import type { Claim, Expectation, Params } from '../../src/contract/claim';
import type { ClaimResult, Report, RungResult } from '../../src/contract/report';
import { locateTransition, transitionSpec } from '../../src/core/stats/transition';
import { assembleReport } from '../../src/runner/run';
import { wilson } from '../../src/core/stats/stats';
import { claimVerdict, rungVerdict, targetOf } from '../../src/core/verdict/verdict';

/** A rung as the runner aggregates it: interval and verdict computed from the counts. */
export function rung(name: string, expected: Expectation, passes: number, runs: number, params: Params = {}): RungResult {
  const target = targetOf(expected);
  return {
    ...(target !== undefined ? { target } : {}),
    scale: { name, params },
    runs,
    passes,
    passRate: runs === 0 ? 0 : passes / runs,
    interval: wilson(passes, runs),
    expected: expected.outcome,
    verdict: rungVerdict(expected, { passes, runs, trials: runs === 0 ? 3 : runs }),
    trials: runs === 0 ? 3 : runs,
    notScored: 0,
    diverged: 0,
    errors: 0,
    skipped: runs === 0 ? 3 : 0,
    reasons: [],
    observables: {},
    failingSeeds: [],
    seconds: 1,
  };
}

export function report(trainer: string, results: Record<string, RungResult[]>): Report {
  const claims = Object.entries(results).map(([id, rs]) => ({ id, paper: 'p', statement: 's', results: rs, verdict: claimVerdict(rs), seconds: 1 }));
  return assembleReport(claims, { seed: 1, trainer, scale: 'default', startedAt: new Date('2026-01-01T00:00:00.000Z'), seconds: 1 });
}

/**
 * A claim whose pass rate rises through ½ at n = 4·(d/8), at d = 8 and 16 (n ∝ d, exponent 1), with its transition
 * located as the runner locates it.
 */
export function transitionClaim(): ClaimResult {
  const declared: Pick<Claim, 'transition' | 'plot'> = {
    transition: { x: 'n', by: 'd', exponent: 1, label: 'n ~ d' },
    plot: { x: 'n', series: 'd', logX: true },
  };
  const passes = [1, 4, 10, 16, 19];
  const results = [8, 16].flatMap((d) =>
    [1, 2, 4, 8, 16].map((n, i) => {
      const expected: Expectation = i === 0 ? { outcome: 'fails' } : i === 4 ? { outcome: 'holds' } : { outcome: 'observe' };
      const params = { d, n: (n * d) / 8 };
      return rung(`d=${d},n=${params.n}`, expected, passes[i], 20, params);
    }),
  );
  return {
    id: 'toy.transition',
    paper: 'p',
    statement: 's',
    plot: declared.plot,
    transition: locateTransition(transitionSpec(declared)!, results),
    results,
    verdict: claimVerdict(results),
    seconds: 1,
  };
}
