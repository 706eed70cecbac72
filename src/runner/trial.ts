// One trial as the runner runs it: drawn from its seed, evaluated, and timed (the core that evaluates it keeps no clock).
import type { CheckContext, Claim, Params } from '../contract/claim';
import { drawInstance, errorMessage, evaluate, type TrialOutcome } from '../core/check/trial';

export async function runTrial<I>(claim: Claim<I>, params: Params, trial: number, seed: number, ctx: CheckContext): Promise<TrialOutcome> {
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
