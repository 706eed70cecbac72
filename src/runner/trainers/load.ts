import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../../contract/errors';
import { startProcessTrainer } from './process';
import { referenceTrainer } from '../../core/train/reference';
import type { Trainer } from '../../contract/trainer';

/** `--trainer-cmd CMD` and its per-request timeout: a trainer in another process (train/process). */
export interface TrainerCommand {
  command: string;
  timeoutSeconds?: number;
}

/**
 * The trainer named by `--trainer MODULE` (an ES module whose default export is a Trainer), or by
 * `--trainer-cmd CMD` (a process started here: each call starts its own, one per worker), or the reference.
 */
export async function loadTrainer(modulePath?: string, command?: TrainerCommand): Promise<Trainer> {
  if (modulePath && command) throw new InputError('--trainer-cmd', command.command, 'either --trainer or --trainer-cmd, not both');
  if (command) return startProcessTrainer(command);
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

/** Ends a trainer that holds a process (or anything else with a close method); the others need nothing. */
export async function closeTrainer(trainer: Trainer): Promise<void> {
  const close = (trainer as { close?: () => unknown }).close;
  if (typeof close === 'function') await close.call(trainer);
}
