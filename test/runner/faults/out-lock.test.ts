// One process per output directory: a second run, resume or merge on a locked directory is refused naming the
// owner; a dead owner's lock on this host is taken over with one line; every normal end releases the lock.
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/contract/errors';
import { LOCK_FILE, lockOut, releaseOutLocks } from '../../../src/runner/lock';
import { prepareOut } from '../../../src/runner/out-dir';
import { resumeSession, startSession } from '../../../src/runner/session';
import { cli, expectRejected } from '../../cli/helpers';
import { deadPid, failure, toyRegistry } from '../../helpers/faults';
import { flags, resume, tempDir } from '../../helpers/harness';

const lockOf = (dir: string) => join(dir, LOCK_FILE);
const owner = (dir: string) => JSON.parse(readFileSync(lockOf(dir), 'utf8'));
/** A lock file as another process would have left it. */
const writeLock = (dir: string, fields: Record<string, unknown>) =>
  writeFileSync(lockOf(dir), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2020-01-01T00:00:00.000Z', command: 'run', ...fields }));

describe('the lock of an output directory', () => {
  it('is held from the start of a session to its close, naming the owner; a second run or resume is refused', async () => {
    const dir = tempDir();
    const session = await startSession(toyRegistry, flags(dir));
    expect(owner(dir)).toMatchObject({ pid: process.pid, host: hostname(), command: 'run', startedAt: expect.any(String) });
    const second = await failure(() => startSession(toyRegistry, flags(dir)));
    expect(second).toBeInstanceOf(InputError);
    expect(String(second)).toContain(`--out: got ${JSON.stringify(dir)}; allowed: a directory no other theorycheck process writes to: pid ${process.pid} on ${hostname()} (theorycheck run, since `);
    expect(String(await failure(() => resumeSession(toyRegistry, dir)))).toMatch(/^InputError: --resume: .*pid \d+ .* holds .*\.theorycheck\.lock/);
    expect(String(await failure(() => prepareOut(dir, '--out', 'merge')))).toContain(`pid ${process.pid}`);
    // The same directory by a relative path is the same lock.
    expect(() => lockOut(relative(process.cwd(), dir), '--out', 'run', () => undefined)).toThrow(`pid ${process.pid}`);
    session.close();
    session.close();
    expect(existsSync(lockOf(dir))).toBe(false);
    // Released, the directory resumes; the resumed session releases it in turn.
    await resume(toyRegistry, dir);
    expect(existsSync(lockOf(dir))).toBe(false);
  });

  it('is released when a session fails to start', async () => {
    const dir = tempDir();
    // The trainer module fails to load after the lock is taken.
    expect(String(await failure(() => startSession(toyRegistry, flags(dir, { trainer: join(dir, 'none.js') }))))).toMatch(/^InputError: --trainer: /);
    expect(existsSync(lockOf(dir))).toBe(false);
    expect(await failure(() => resumeSession(toyRegistry, dir))).toBeInstanceOf(InputError);
    expect(existsSync(lockOf(dir))).toBe(false);
  });

  it('takes over the lock of a dead process on this host, and of its own pid reused, with one line', () => {
    const notes: string[] = [];
    const note = (line: string) => void notes.push(line);
    const dir = tempDir();
    const pid = deadPid();
    writeLock(dir, { pid });
    const release = lockOut(dir, '--out', 'run', note);
    expect(notes).toEqual([`theorycheck: ${lockOf(dir)}: pid ${pid} on this host is gone; taking over its lock`]);
    expect(owner(dir).pid).toBe(process.pid);
    release();
    // A lock of this process's pid that this process does not hold: a process that had the pid before (containers).
    writeLock(dir, {});
    lockOut(dir, '--out', 'run', note)();
    expect(notes[1]).toMatch(/pid \d+ \(this process's pid\) held it before; taking over its lock$/);
    // A lock file that is not JSON: its owner's, between creating and writing it, unless it is old.
    writeFileSync(lockOf(dir), '');
    expect(() => lockOut(dir, '--out', 'run', note)).toThrow(/a process starting up holds/);
    utimesSync(lockOf(dir), new Date(0), new Date(0));
    lockOut(dir, '--out', 'run', note)();
    expect(notes).toHaveLength(3);
  });

  it('refuses the lock of a live process, or of another host, whose process cannot be checked', () => {
    const dir = tempDir();
    writeLock(dir, { pid: process.ppid, command: 'merge' });
    expect(() => lockOut(dir, '--out', 'run', () => undefined)).toThrow(`pid ${process.ppid} on ${hostname()} (theorycheck merge, since 2020-01-01T00:00:00.000Z) holds ${lockOf(dir)}`);
    writeLock(dir, { pid: deadPid(), host: 'elsewhere' });
    expect(() => lockOut(dir, '--out', 'run', () => undefined)).toThrow(/on elsewhere .*delete that file if it is gone/);
  });

  it('releaseOutLocks releases every lock held, and never a lock another process has taken over', () => {
    const [a, b] = [tempDir(), tempDir()];
    const releaseA = lockOut(a, '--out', 'run');
    lockOut(b, '--out', 'merge');
    writeLock(a, { pid: process.ppid });
    releaseOutLocks();
    expect(owner(a).pid).toBe(process.ppid);
    expect(existsSync(lockOf(b))).toBe(false);
    releaseA();
    expect(owner(a).pid).toBe(process.ppid);
  });

  it('makes the command line exit 2 naming the owner; a run after a dead owner takes over and leaves no lock', async () => {
    const [held, stale] = [tempDir(), tempDir()];
    writeLock(held, { pid: process.pid });
    const pid = deadPid();
    writeLock(stale, { pid });
    const args = ['run', '--claim', 'quadratic.recovery-threshold', '--scale', 'small', '--runs', '2', '--quiet', '--out'];
    const [refused, taken] = await Promise.all([cli(...args, held), cli(...args, stale)]);
    expectRejected(refused, `pid ${process.pid} on ${hostname()}`, expect);
    expect(refused.stderr).toContain(`--out: got ${JSON.stringify(held)}`);
    expect(existsSync(join(held, 'trials.jsonl'))).toBe(false);
    expect(taken.code, taken.stderr).toBe(0);
    expect(taken.stderr).toBe(`theorycheck: ${lockOf(stale)}: pid ${pid} on this host is gone; taking over its lock\n`);
    // The run's own lock is gone at its exit.
    expect(existsSync(lockOf(stale))).toBe(false);
  });
});
