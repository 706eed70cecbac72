import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { InputError, errorText } from '../../contract/errors';
import { within } from './within';
import { startProcessTrainer } from './process';
import { referenceTrainer } from '../../core/train/reference';
import type { Trainer } from '../../contract/trainer';

/** `--trainer-cmd CMD`, its per-request timeout and its line cap: a trainer in another process (process.ts). */
export interface TrainerCommand {
  command: string;
  timeoutSeconds?: number;
  maxLineBytes?: number;
}

/** The trainer command of a run's settings (flags, config file or checkpoint), if it names one. */
export function trainerCommandOf(settings: { trainerCmd?: string; trainerTimeout?: number; trainerMaxLine?: number }): TrainerCommand | undefined {
  if (settings.trainerCmd === undefined) return undefined;
  return {
    command: settings.trainerCmd,
    ...(settings.trainerTimeout !== undefined ? { timeoutSeconds: settings.trainerTimeout } : {}),
    ...(settings.trainerMaxLine !== undefined ? { maxLineBytes: Math.round(settings.trainerMaxLine * 1024 * 1024) } : {}),
  };
}

/**
 * The trainer named by `--trainer MODULE` (an ES module whose default export is a Trainer), or by
 * `--trainer-cmd CMD` (a process started here: each call starts its own, one per worker), or the reference.
 */
export async function loadTrainer(modulePath?: string, command?: TrainerCommand, timeoutSeconds?: number): Promise<Trainer> {
  if (modulePath && command) throw new InputError('--trainer-cmd', command.command, 'either --trainer or --trainer-cmd, not both');
  if (command) return startProcessTrainer(command);
  if (!modulePath) return referenceTrainer;
  const file = resolve(modulePath);
  if (!existsSync(file)) throw new InputError('--trainer', modulePath, 'a path to an existing .js or .ts module');
  let mod: { default?: unknown };
  try {
    // tsx's own import, not the process's: it loads TypeScript and JavaScript, ES modules and CommonJS, whatever
    // the `type` of the user's package.json (a plain import of a .ts file in a CommonJS project fails).
    mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
  } catch (err) {
    throw new InputError('--trainer', modulePath, `a module that loads (it threw: ${errorText(err)})`);
  }
  const trainer = defaultExport(mod) as Partial<Trainer> | undefined;
  if (!trainer || typeof trainer.name !== 'string' || typeof trainer.supports !== 'function' || typeof trainer.train !== 'function') {
    throw new InputError('--trainer', modulePath, 'a module whose default export is { name: string, supports(request), train(request) }');
  }
  return withTimeout(trainer as Trainer, timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
}

/**
 * The default export of a loaded module: an ES module's `default`, a CommonJS module's `module.exports`, or the
 * `default` of a CommonJS module compiled from `export default` (which nests it once more).
 */
function defaultExport(mod: { default?: unknown }): unknown {
  const value = mod.default;
  const nested = typeof value === 'object' && value !== null ? (value as { default?: unknown; train?: unknown }) : undefined;
  return nested && nested.train === undefined && nested.default !== undefined ? nested.default : value;
}

/** Seconds a request to a plug-in trainer may take by default, as for a trainer process. */
const DEFAULT_TIMEOUT_SECONDS = 600;

/**
 * A module trainer whose `train` fails with TrainerTimeout once a request has taken `seconds`: a promise that
 * never settles would otherwise leave the run waiting on nothing (Node ends it with exit 13, silently). A trainer
 * that holds the thread instead is ended by the worker pool (pool.ts), which runs every module trainer.
 */
function withTimeout(trainer: Trainer, seconds: number): Trainer {
  const close = (trainer as { close?: () => unknown }).close;
  return {
    ...(typeof close === 'function' ? { close: () => close.call(trainer) } : {}),
    name: trainer.name,
    supports: (request) => trainer.supports(request),
    train: (request) => within(Promise.resolve().then(() => trainer.train(request)), seconds, () => `no result within ${seconds} s`),
  };
}

/** Ends a trainer that holds a process (or anything else with a close method); the others need nothing. */
export async function closeTrainer(trainer: Trainer): Promise<void> {
  const close = (trainer as { close?: () => unknown }).close;
  if (typeof close === 'function') await close.call(trainer);
}
