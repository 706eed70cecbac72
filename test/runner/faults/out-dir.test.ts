// An --out that cannot hold a report fails before any trial, as one line naming the path and the errno in words:
// a read-only directory, a regular file in the way, a path under /proc (where mkdir's recursive mode spun forever).
import { chmodSync, existsSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/contract/errors';
import { prepareOut } from '../../../src/runner/out-dir';
import { startSession } from '../../../src/runner/session';
import { writeReport } from '../../../src/report/write';
import { cli, expectRejected } from '../../cli/helpers';
import { failure, toyRegistry, toyRun } from '../../helpers/faults';
import { flags, tempDir } from '../../helpers/harness';

const PROC = existsSync('/proc/self') ? '/proc' : undefined;
const args = ['run', '--claim', 'quadratic.recovery-threshold', '--scale', 'small', '--runs', '2', '--quiet', '--out'];

/** Whether this process writes into a directory of mode 0555 anyway (root, CAP_DAC_OVERRIDE): then chmod is no fault. */
function writesReadOnly(dir: string): boolean {
  chmodSync(dir, 0o555);
  try {
    writeFileSync(join(dir, 'probe'), '');
    rmSync(join(dir, 'probe'));
    return true;
  } catch {
    return false;
  }
}

describe('an --out that cannot hold a report', () => {
  it('creates missing parents, and starts no session in a path under a regular file or in a regular file', async () => {
    const root = tempDir();
    prepareOut(join(root, 'a', 'b', 'c'), '--out', 'run')();
    expect(readdirSync(join(root, 'a', 'b', 'c'))).toEqual([]);
    writeFileSync(join(root, 'file'), 'mine');
    const under = await failure(() => startSession(toyRegistry, flags(join(root, 'file', 'sub'))));
    expect(under).toBeInstanceOf(InputError);
    expect(String(under)).toBe(`InputError: ${join(root, 'file', 'sub')}: got "creating the directory failed: ENOTDIR (not a directory)"; allowed: a directory path with no regular file in the way`);
    expect(String(await failure(() => startSession(toyRegistry, flags(join(root, 'file')))))).toMatch(/file: got "creating the directory failed: EEXIST \(file exists\)"/);
    // A dangling symbolic link in the way: named, not followed.
    symlinkSync(join(root, 'gone'), join(root, 'dangling'));
    expect(String(await failure(() => startSession(toyRegistry, flags(join(root, 'dangling', 'out')))))).toMatch(/dangling: got "creating the directory failed: EEXIST \(file exists\)"/);
    expect(readdirSync(root).sort()).toEqual(['a', 'dangling', 'file']);
  });

  it('refuses a read-only directory (unless this process writes there anyway, as root does)', async (ctx) => {
    const dir = tempDir();
    const privileged = writesReadOnly(dir);
    try {
      if (privileged) ctx.skip('this process writes into a directory of mode 0555 (root): chmod simulates no read-only directory here; ENOTDIR and /dev/full stand in');
      const err = await failure(() => startSession(toyRegistry, flags(dir)));
      expect(String(err)).toBe(`InputError: ${join(dir, '.theorycheck.lock')}: got "creating the lock file failed: EACCES (permission denied)"; allowed: a directory this user can write to`);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it.skipIf(!PROC)('refuses a path under /proc at once, where it spun at 100% CPU before', async () => {
    const started = performance.now();
    expect(String(await failure(() => prepareOut('/proc/theorycheck-x/y', '--out', 'run')))).toBe(
      'InputError: /proc/theorycheck-x: got "creating the directory failed: ENOENT (no such file or directory)"; allowed: a path under a directory that can hold new directories and files',
    );
    const { report } = await toyRun({ claim: ['toy.threshold'] });
    expect(String(await failure(() => writeReport('/proc/theorycheck-x', report)))).toMatch(/^InputError: \/proc\/theorycheck-x\/plots: got "creating the directory failed: ENOENT/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('makes the command line exit 2 with one line, before any trial: /proc, a file in the way', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'file'), 'mine');
    const results = await Promise.all([...(PROC ? [cli(...args, '/proc/theorycheck-x')] : []), cli(...args, join(root, 'file', 'sub')), cli(...args, join(root, 'file'))]);
    if (PROC) expectRejected(results.shift()!, '/proc/theorycheck-x: got "creating the directory failed: ENOENT (no such file or directory)"', expect);
    expectRejected(results[0], 'file/sub: got "creating the directory failed: ENOTDIR (not a directory)"', expect);
    expectRejected(results[1], `--out: got ${JSON.stringify(join(root, 'file'))}`, expect);
  });
});
