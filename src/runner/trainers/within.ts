// The one timeout of a trainer request, for trainer processes and plug-in modules alike.
import { TrainerTimeout } from '../../contract/errors';

/** Waits for a promise at most `seconds`; on timeout calls onTimeout and rejects with its message. */
export function within<T>(promise: Promise<T>, seconds: number, onTimeout: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TrainerTimeout(onTimeout())), seconds * 1000);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
