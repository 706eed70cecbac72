// Falsify mode for a claim without a search space of its own: the rungs where the paper says it holds, smallest
// first, each run as the report runs it (its trials, its pass rate against pHold, sequential stopping) until one
// disagrees; that rung's first failing trial is then shrunk. A claim that holds only at a rate (pHold < 1) is
// falsified by a rate, not by one unlucky instance; an exact claim (pHold = 1) by its first failing instance. The
// rung found is the smallest of the ladder that disagrees, the instance the smallest fast-check reaches from it.
import type { Claim, Params, Rung, ScaleName } from '../contract/claim';
import type { RungResult } from '../contract/report';
import { InputError } from '../contract/errors';
import { runRung, type RunOptions } from './run';

/** Parameters in the order a smaller instance is smaller: the dimension first, then widths, then sample counts. */
const SIZE_ORDER = ['d', 'k', 'm', 'mStar', 'n', 'N', 'n0', 'T', 'p'];

function sizeKey(params: Params): number[] {
  return SIZE_ORDER.map((key) => params[key] ?? 0);
}

/** The holds rungs of a ladder, smallest first (ladder order among equals). */
export function holdsRungsBySize(claim: Claim<any>, scale: ScaleName): Rung[] {
  const holds = claim.ladders[scale].filter((r) => r.expected.outcome === 'holds');
  return holds
    .map((rung, order) => ({ rung, key: sizeKey(rung.params), order }))
    .sort((a, b) => {
      for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
      return a.order - b.order;
    })
    .map((x) => x.rung);
}

export interface LadderFalsification {
  /** The rungs run, smallest first, up to and with the first that disagreed. */
  tried: RungResult[];
  /** The first rung that disagreed, with its shrunk counterexample when a trial failed there. */
  found?: RungResult;
}

/** Runs the claim's holds rungs of `scale`, smallest first, until one disagrees. */
export async function falsifyLadder(claim: Claim<any>, options: RunOptions, onRung?: (result: RungResult) => void): Promise<LadderFalsification> {
  const rungs = holdsRungsBySize(claim, options.scale);
  if (!rungs.length) throw new InputError('falsify <id>', claim.id, `a claim with rungs where it holds on the ${options.scale} ladder`);
  const tried: RungResult[] = [];
  for (const rung of rungs) {
    const result = await runRung(claim, rung, { ...options, sequential: true, shrink: true });
    tried.push(result);
    onRung?.(result);
    if (result.verdict === 'disagrees') return { tried, found: result };
  }
  return { tried };
}

/** "d=5 (0/8 passed, pHold 0.9)": a tried rung in one line. */
export function triedLine(result: RungResult): string {
  return `${result.scale.name} (${result.passes}/${result.runs} passed, ${result.expected} at ≥ ${result.target ?? '?'}: ${result.verdict})`;
}
