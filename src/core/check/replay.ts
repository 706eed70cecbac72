import type { Trainer } from '../../contract/trainer';
import type { Claim, Params } from '../../contract/claim';
import { spaceArbitrary } from './falsify';
import { drawInstance, evaluate, sampleAt } from './trial';

export interface ReplayRequest {
  seed: number;
  path?: string;
  /** Rung parameters (over the claim defaults), or the space parameters when `space` is set. */
  at: Params;
  space?: boolean;
  trainer: Trainer;
}

export interface ReplayResult {
  claim: string;
  params: Params;
  instance: unknown;
  pass: boolean;
  status: string;
  reason?: string;
  observables: Record<string, number>;
}

/** Rebuilds exactly the instance a trial or a shrunk counterexample had, and evaluates it again. */
export async function replay(claim: Claim<any>, request: ReplayRequest): Promise<ReplayResult> {
  const base = { ...claim.defaults, ...request.at };
  let params = base;
  let instance: unknown;
  if (request.space) {
    const value = sampleAt(spaceArbitrary(claim, base), request.seed, request.path);
    params = value.params;
    instance = value.instance;
  } else {
    instance = drawInstance(claim, params, request.seed, request.path);
  }
  const outcome = await evaluate(claim, instance, { trainer: request.trainer, params });
  return { claim: claim.id, params, instance, ...outcome };
}
