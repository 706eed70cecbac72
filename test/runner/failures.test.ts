import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/contract/errors';
import { failuresDir, failuresFile, readFailures, updatedFailures, writeFailures, type SavedFailure } from '../../src/runner/failures';
import { cliIn } from '../cli/helpers';

// These tests are of the database's default place, .theorycheck/ under the working directory.
delete process.env.THEORYCHECK_FAILURES_DIR;

const broken = join(import.meta.dirname, '../fixtures/broken-trainers/sign-flip-first-layer.ts');
const run = (cwd: string, ...trainer: string[]) =>
  cliIn(cwd, 'run', '--claim', 'quadratic.gd-recovers-below-barrier', '--scale', 'small', '--runs', '5', '--trainer-check', 'off', '--out', 'out', '--quiet', ...trainer);

const entry = (over: Partial<SavedFailure> = {}): SavedFailure => ({
  claim: 'c', rung: 'd=3', params: { d: 3 }, seed: 1, trainer: 't', replay: 'npx theorycheck replay c --seed 1', savedAt: '2026-01-01T00:00:00.000Z', ...over,
});

describe('the failure database', () => {
  it('drops the fixed entries, adds the new ones once, and keeps the rest', () => {
    const [a, b, c] = [entry(), entry({ seed: 2 }), entry({ seed: 3 })];
    expect(updatedFailures([a, b], [a], [c, { ...b, savedAt: 'later' }])).toEqual([{ ...b, savedAt: 'later' }, c]);
  });

  it('lives in .theorycheck/ under the working directory, or in THEORYCHECK_FAILURES_DIR (relative to it)', () => {
    expect(failuresDir('/p')).toBe('/p/.theorycheck');
    expect(failuresDir('/p', { THEORYCHECK_FAILURES_DIR: 'db' })).toBe('/p/db');
    expect(failuresDir('/p', { THEORYCHECK_FAILURES_DIR: '/tmp/db' })).toBe('/tmp/db');
  });

  it('is written whole with a .gitignore beside it, and a file of another shape is named', () => {
    const root = failuresDir(mkdtempSync(join(tmpdir(), 'tc-fdb-')));
    expect(readFailures(root)).toEqual([]);
    writeFailures(root, [entry()]);
    expect(readFailures(root)).toEqual([entry()]);
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toBe('*\n');
    writeFileSync(failuresFile(root), '{"failures": 3}');
    expect(() => readFailures(root)).toThrow(InputError);
    expect(() => readFailures(root)).toThrow(/failures\.json: .*allowed: the failure database theorycheck writes; delete it or run `theorycheck failures --clear`/);
  });

  it('keeps the counterexample of a disagreeing rung, replays it first on the next run, and forgets it once it passes', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tc-fdb-run-'));
    const db = failuresDir(cwd);
    const first = await run(cwd, '--trainer', broken);
    expect(first.code).toBe(1);
    const [saved] = readFailures(db);
    expect(saved).toMatchObject({ claim: 'quadratic.gd-recovers-below-barrier', rung: 'd=5', trainer: 'bug-sign-flip-first-layer', replay: expect.stringContaining(`--trainer ${broken}`) });

    const second = await run(cwd, '--trainer', broken);
    expect(second.stderr).toMatch(/^saved failures replayed first \(\.theorycheck\/failures\.json\): 1 still fail, 0 now pass\n {2}still fails {2}quadratic\.gd-recovers-below-barrier d=5 .*\n {15}npx theorycheck replay quadratic\.gd-recovers-below-barrier --seed /);
    expect(readFailures(db)).toHaveLength(1);

    // The same counterexample as if the reference trainer had failed it: it passes there, so it goes.
    writeFailures(db, [{ ...saved, trainer: 'reference' }]);
    const fixed = await run(cwd);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stderr).toMatch(/1 now pass\n {2}now passes {3}quadratic\.gd-recovers-below-barrier d=5 \(removed\)/);
    expect(readFailures(db)).toEqual([]);

    writeFailures(db, [saved]);
    const listed = await cliIn(cwd, 'failures');
    expect(listed.stdout).toContain(saved.replay);
    expect((await cliIn(cwd, 'failures', '--clear')).stdout).toBe('cleared 1 saved failure\n');
    expect(existsSync(failuresFile(db)) && readFailures(db)).toEqual([]);
  });
});
