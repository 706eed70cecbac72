// The trainer a check sees: the plugged-in one behind the contract's schemas. A malformed request or result,
// a throwing trainer or a diverged run is recorded for the trial (whatever the check does with the exception)
// and ends the check at once, so a diverged run never reaches the check's predicate.
import { DIVERGENCE_FACTOR } from '../train/monitor';
import { parseTrainRequest, parseTrainResult } from '../../contract/schema';
import type { TrainRequest, TrainResult, TrainTrace, Trainer } from '../../contract/trainer';
import { FAULT, InputError, TrainerTimeout, errorText } from '../../contract/errors';

interface TrialFailure {
  status: 'diverged' | 'error';
  reason: string;
}

export interface GuardedTrainer {
  trainer: Trainer;
  /** The first failure recorded during the trial, if any. */
  failure(): TrialFailure | undefined;
}

export function guardTrainer(inner: Trainer): GuardedTrainer {
  let failure: TrialFailure | undefined;
  const fail = (status: TrialFailure['status'], reason: string): Error => {
    failure ??= { status, reason };
    return new Error(reason);
  };
  const named = (what: string, err: unknown) => `trainer ${inner.name}: ${what}${errorText(err)}`;
  const checkedRequest = (request: TrainRequest): TrainRequest => {
    try {
      return parseTrainRequest(request);
    } catch (err) {
      // The claim built this request: the message names the request's field, not the trainer.
      throw fail('error', errorText(err));
    }
  };
  const trainer: Trainer = {
    name: inner.name,
    supports(request) {
      checkedRequest(request);
      let answer: unknown;
      try {
        answer = inner.supports(request);
      } catch (err) {
        throw fail('error', named('supports threw: ', err));
      }
      if (typeof answer !== 'boolean') throw fail('error', named('', new InputError('supports(request)', answer, 'true or false')));
      return answer;
    },
    async train(request) {
      checkedRequest(request);
      let raw: unknown;
      try {
        raw = await inner.train(request);
      } catch (err) {
        throw fail('error', err instanceof TrainerTimeout ? `${FAULT.timeout}${named('', err)}` : named('train threw: ', err));
      }
      let result: TrainResult;
      try {
        result = parseTrainResult(raw, request);
      } catch (err) {
        throw fail('error', named('', err));
      }
      const diverged = result.diverged ?? divergenceOf(result.trace, request.algorithm.kind);
      if (diverged) throw fail('diverged', `diverged at step ${diverged.step} (loss ${diverged.loss})`);
      return result;
    },
  };
  return { trainer, failure: () => failure };
}

/**
 * Divergence read off a trace, for trainers that do not report it: the reference trainer's rule (train/monitor),
 * a non-finite loss or one above DIVERGENCE_FACTOR times a positive initial loss; one-batch losses of online SGD
 * swing too much for the growth test.
 */
export function divergenceOf(trace: TrainTrace, kind: TrainRequest['algorithm']['kind']): TrainResult['diverged'] {
  const initial = trace.step[0] === 0 ? trace.loss[0] : Number.NaN;
  const growth = kind !== 'online' && initial > 0;
  for (let i = 0; i < trace.loss.length; i++) {
    const L = trace.loss[i];
    if (!Number.isFinite(L) || (growth && L > DIVERGENCE_FACTOR * initial)) return { step: trace.step[i], loss: L };
  }
  return undefined;
}
