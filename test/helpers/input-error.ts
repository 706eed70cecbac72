import { expect } from 'vitest';
import { InputError } from '../../src/contract/errors';

/** The InputError thrown by fn, or a failure naming what happened instead. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  return expect.fail('no InputError thrown');
}
