// Sequential stopping: a rung stops drawing trials once its verdict is settled. The decision is taken after each
// trial in trial order, so it depends on outcomes only, never on which process or machine ran them.
//
// A gated rung decides on at least MIN_SCORED scored trials: 8 passes cannot tell a rate of 0.8 from 0.99. It
// stops earlier only when its Wilson interval already lies wholly on one side of the target (a trainer that
// fails every trial is told so after a few, not after the full count), and then not before MIN_DECISIVE scored
// trials, so that one early failure cannot end a rung. From MIN_SCORED on, with k passes in n scored trials and
// r trials left, every pass rate inside the 95% interval [lo, hi] puts the full-count pass count between
// k + r·lo and k + r·hi; when the verdict is the same at both ends (and on the trials so far), the remaining
// trials are not drawn. A rung whose unscored trials already outnumber what its scored trials could reach is
// not checked whatever comes next, and stops too.
import type { Expectation } from '../../contract/claim';
import { wilson } from '../stats/stats';
import { rateVerdict, targetOf } from './verdict';

/** No gated rung settles on fewer scored trials, unless its interval is decisive (see above). */
export const MIN_SCORED = 20;

/** No rung stops on fewer scored trials: below it the interval is too wide to settle anything. */
export const MIN_DECISIVE = 8;

/**
 * Observe rungs have no target; they stop once the interval puts the rate decisively on one side of ½ (a rung
 * clearly below or above the transition). Rungs in the transition keep their full count.
 */
const OBSERVE_SIDE = 0.5;

/** Whether the Wilson interval of passes/scored lies wholly on one side of the rung's target. */
export function decisive(expected: Expectation, passes: number, scored: number): boolean {
  const target = targetOf(expected);
  if (target === undefined || scored === 0) return false;
  const [lo, hi] = wilson(passes, scored);
  return expected.outcome === 'holds' ? lo >= target || hi < target : hi <= target || lo > target;
}

/**
 * Whether a rung with `passes` of `scored` trials, `unscored` trials not scored and up to `remaining` more
 * trials is settled.
 */
export function settled(expected: Expectation, passes: number, scored: number, remaining: number, unscored = 0): boolean {
  if (remaining <= 0) return true;
  if (expected.outcome !== 'observe' && unscored > scored + remaining) return true;
  if (scored < MIN_DECISIVE) return false;
  const [lo, hi] = wilson(passes, scored);
  const total = scored + remaining;
  const fewest = Math.floor(passes + remaining * lo);
  const most = Math.ceil(passes + remaining * hi);
  if (expected.outcome === 'observe') {
    const side = (k: number, n: number) => Math.sign(k / n - OBSERVE_SIDE);
    const now = side(passes, scored);
    return now !== 0 && side(fewest, total) === now && side(most, total) === now;
  }
  if (decisive(expected, passes, scored)) return true;
  if (scored < MIN_SCORED) return false;
  const now = rateVerdict(expected, passes, scored);
  return now !== 'inconclusive' && rateVerdict(expected, fewest, total) === now && rateVerdict(expected, most, total) === now;
}
