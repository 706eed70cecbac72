// One process writes to an output directory at a time: DIR/.theorycheck.lock, created with O_EXCL, names its
// owner. Two runs on one directory would interleave their checkpoint lines and overwrite each other's reports.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { fileError, InputError } from '../contract/errors';

export const LOCK_FILE = '.theorycheck.lock';

/** What the lock file holds: enough for a person (and the next run) to tell whether its owner still runs. */
interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/** A lock file younger than this whose content is not (yet) whole is its owner's, between open and write. */
const UNWRITTEN_GRACE_MS = 10_000;

/** The locks this process holds: lock file → the text it wrote there. */
const held = new Map<string, string>();

/**
 * Takes DIR's lock for `command` (run, run --resume, merge) and returns its release. A lock of a live process, or of
 * another host (whose processes cannot be checked), is an InputError on `field` naming the owner; the lock of a dead
 * process on this host is taken over with one line through `note`. Every lock still held is released when the
 * process exits normally; signal handlers call releaseOutLocks.
 */
export function lockOut(dir: string, field: string, command: string, note: (line: string) => void = (line) => void process.stderr.write(`${line}\n`)): () => void {
  // Absolute: the same directory named two ways is one lock.
  const file = resolve(dir, LOCK_FILE);
  const text = `${JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command } satisfies LockOwner)}\n`;
  if (!create(file, text)) {
    const found = readOwner(file);
    const stale = staleness(file, found);
    if (!stale) throw new InputError(field, dir, `a directory no other theorycheck process writes to: ${describe(found)} holds ${file}; wait for it to end, or delete that file if it is gone`);
    note(`theorycheck: ${file}: ${stale}; taking over its lock`);
    // Removing only the file judged stale: another process that took it over since wrote other text.
    if (readOwner(file).text === found.text) removeStale(file);
    if (!create(file, text)) throw new InputError(field, dir, `a directory no other theorycheck process writes to: ${describe(readOwner(file))} took ${file} first`);
  }
  held.set(file, text);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', releaseOutLocks);
  }
  return () => release(file);
}

let exitHook = false;

/** Releases every output-directory lock this process holds; synchronous, never throws: for exit and signal handlers. */
export function releaseOutLocks(): void {
  for (const file of [...held.keys()]) release(file);
}

function release(file: string): void {
  const mine = held.get(file);
  if (mine === undefined) return;
  held.delete(file);
  // A lock another process took over (judging this one dead) is that process's now.
  if (readOwner(file).text === mine) remove(file);
}

/** Creates the lock file whole; false if it exists. Creating it is also the check that DIR takes new files. */
function create(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fileError(file, 'creating the lock file', err);
  }
  try {
    writeSync(fd, text);
  } catch (err) {
    closeSync(fd);
    remove(file);
    throw fileError(file, 'writing the lock file', err);
  }
  closeSync(fd);
  return true;
}

function readOwner(file: string): { text?: string; owner?: LockOwner } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? { text, owner } : { text };
  } catch {
    return { text };
  }
}

/** Why the lock can be taken over, or undefined while its owner may still run. */
function staleness(file: string, { text, owner }: ReturnType<typeof readOwner>): string | undefined {
  if (text === undefined) return 'gone by the time it was read';
  if (!owner) {
    const age = Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    return age > UNWRITTEN_GRACE_MS ? 'not a lock written by theorycheck (unreadable)' : undefined;
  }
  if (owner.host !== hostname()) return undefined;
  // A pid is reused: a lock of this process's own pid that this process does not hold is a dead process's.
  if (owner.pid === process.pid) return held.has(file) ? undefined : `pid ${owner.pid} (this process's pid) held it before`;
  try {
    process.kill(owner.pid, 0);
    return undefined;
  } catch (err) {
    // EPERM: the process exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH' ? `pid ${owner.pid} on this host is gone` : undefined;
  }
}

function describe({ text, owner }: ReturnType<typeof readOwner>): string {
  if (!owner) return text === undefined ? 'another process' : 'a process starting up';
  return `pid ${owner.pid} on ${owner.host} (theorycheck ${owner.command}, since ${owner.startedAt})`;
}

function removeStale(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(file, 'removing a stale lock file', err);
  }
}

function remove(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone, or the directory went: nothing is left to release.
  }
}
