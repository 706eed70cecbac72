// Reports built from rung counts, as the runner aggregates them: for the tests of what reads reports.
import type { Expectation, Params } from '../../src/contract/claim';
import type { Report, RungResult } from '../../src/contract/report';
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
