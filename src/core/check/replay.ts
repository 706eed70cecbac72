import type { Trainer } from '../../contract/trainer';
import type { Claim, Params } from '../../contract/claim';
import { customParams, spaceParams } from './domain';
import { spaceArbitrary } from './falsify';
import { drawInstance, evaluate, sampleAt } from './trial';

export interface ReplayRequest {
  seed: number;
  path?: string;
  /** Rung parameters (over the claim defaults), or the space parameters when `space` is set: checked as --at is. */
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
  let params: Params;
  let instance: unknown;
  if (request.space) {
    const value = sampleAt(spaceArbitrary(claim, spaceParams(claim, request.at)), request.seed, request.path);
    params = value.params;
    instance = value.instance;
  } else {
    params = customParams(claim, request.at);
    instance = drawInstance(claim, params, request.seed, request.path);
  }
  const outcome = await evaluate(claim, instance, { trainer: request.trainer, params });
  return { claim: claim.id, params, instance, ...outcome };
}
