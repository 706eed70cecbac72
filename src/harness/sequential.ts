// Sequential stopping: a rung stops drawing trials once its Wilson interval settles what the rest could still
// change. With k passes in n scored trials and r trials left, every pass rate inside the 95% interval [lo, hi]
// puts the full-count pass count between k + r·lo and k + r·hi; when the verdict is the same at both ends (and
// on the trials so far), the remaining trials are not drawn. The decision is taken after each trial in trial
// order, so it depends on outcomes only, never on which process or machine ran them.
import type { Expectation } from './claim';
import { verdict, wilson } from './stats';

/** No rung stops before this many scored trials: below it the interval is too wide to settle anything. */
export const MIN_SCORED = 8;

/**
 * Observe rungs have no target; they stop once the interval puts the rate decisively on one side of ½ (a rung
 * clearly below or above the transition). Rungs in the transition keep their full count.
 */
export const OBSERVE_SIDE = 0.5;

/** Whether a rung with `passes` of `scored` trials and up to `remaining` more trials is settled. */
export function settled(expected: Expectation, passes: number, scored: number, remaining: number): boolean {
  if (remaining <= 0) return true;
  if (scored < MIN_SCORED) return false;
  const [lo, hi] = wilson(passes, scored);
  const total = scored + remaining;
  const fewest = Math.floor(passes + remaining * lo);
  const most = Math.ceil(passes + remaining * hi);
  if (expected.outcome === 'observe') {
    const side = (k: number, n: number) => Math.sign(k / n - OBSERVE_SIDE);
    const now = side(passes, scored);
    return now !== 0 && side(fewest, total) === now && side(most, total) === now;
  }
  const now = verdict(expected, passes, scored);
  return now !== 'inconclusive' && verdict(expected, fewest, total) === now && verdict(expected, most, total) === now;
}
