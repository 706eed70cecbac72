import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../harness/errors';
import { referenceTrainer } from './reference';
import type { Trainer } from './types';

/** The trainer named by `--trainer MODULE` (an ES module whose default export is a Trainer), or the reference. */
export async function loadTrainer(modulePath?: string): Promise<Trainer> {
  if (!modulePath) return referenceTrainer;
  const file = resolve(modulePath);
  if (!existsSync(file)) throw new InputError('--trainer', modulePath, 'a path to an existing .js or .ts module');
  let mod: { default?: unknown };
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    throw new InputError('--trainer', modulePath, `a module that loads (it threw: ${err instanceof Error ? err.message : String(err)})`);
  }
  const trainer = mod.default as Partial<Trainer> | undefined;
  if (!trainer || typeof trainer.name !== 'string' || typeof trainer.supports !== 'function' || typeof trainer.train !== 'function') {
    throw new InputError('--trainer', modulePath, 'a module whose default export is { name: string, supports(request), train(request) }');
  }
  return trainer as Trainer;
}
