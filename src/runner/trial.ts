// One trial as the runner runs it: drawn from its seed, evaluated, and timed (the core that evaluates it keeps no clock).
// A trial that errs is run once more with the same seed: a trial is a pure function of its seed, so a second
// outcome that differs shows a flaky trainer (a one-off crash, a lost connection), and is kept with both told.
import type { CheckContext, Claim, Params } from '../contract/claim';
import { FLAKY, drawInstance, errorMessage, evaluate, isFault, type TrialOutcome } from '../core/check/trial';

export async function runTrial<I>(claim: Claim<I>, params: Params, trial: number, seed: number, ctx: CheckContext): Promise<TrialOutcome> {
  const first = await attempt(claim, params, trial, seed, ctx);
  if (first.status !== 'error' || isFault(first)) return first;
  const second = await attempt(claim, params, trial, seed, ctx);
  const seconds = first.seconds + second.seconds;
  if (second.status === 'error') return { ...second, seconds };
  const then = second.reason ? `; then: ${second.reason}` : '';
  return { ...second, reason: `${FLAKY}the first try with this seed erred (${first.reason}), the retry did not${then}`, seconds };
}

async function attempt<I>(claim: Claim<I>, params: Params, trial: number, seed: number, ctx: CheckContext): Promise<TrialOutcome> {
  const started = performance.now();
  let instance: I;
  try {
    instance = drawInstance(claim, params, seed);
  } catch (err) {
    return { trial, seed, pass: false, status: 'error', reason: `instance: ${errorMessage(err)}`, observables: {}, seconds: 0 };
  }
  const outcome = await evaluate(claim, instance, ctx);
  return { trial, seed, ...outcome, seconds: (performance.now() - started) / 1000 };
}
