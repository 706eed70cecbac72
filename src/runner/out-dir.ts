// An output directory made ready before any trial runs: created, locked, known to take new files. A path that
// cannot be one fails here, as an InputError naming the path and the errno, not after an hour of trials.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileError } from '../contract/errors';
import { lockOut } from './lock';

/**
 * Creates dir (and its missing parents) and takes its lock for `command`; returns the lock's release. Creating the
 * lock file is the probe that the directory takes new files: a read-only or full directory fails there.
 */
export function prepareOut(dir: string, field: string, command: string): () => void {
  try {
    makeDirectory(resolve(dir));
  } catch (err) {
    throw fileError((err as { path?: string }).path ?? dir, 'creating the directory', err);
  }
  return lockOut(dir, field, command);
}

/**
 * mkdir -p, one level at a time from the top. Not mkdirSync's recursive mode: where mkdir answers ENOENT under an
 * existing parent (under /proc) that mode retries forever at 100% CPU.
 */
function makeDirectory(dir: string): void {
  const parent = dirname(dir);
  if (parent !== dir && !existsSync(parent)) makeDirectory(parent);
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw err;
  }
}
