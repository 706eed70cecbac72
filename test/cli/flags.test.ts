import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readConfigFile, resolveRunFlags } from '../../src/cli/config';
import { cliIn, expectRejected } from './helpers';
import { parseMergeInput, parsePath, parseResume, parseRunFlags, type RawRunFlags } from '../../src/cli/flags';
import { tempDir } from '../helpers/harness';
import { DEFAULT_LOCATE_WIDTH, type RunPlan } from '../../src/runner/plan';
import { planRun } from '../../src/runner/session';
import { claims } from '../../properties/index';
import { inputErrorOf } from '../helpers/input-error';

const valid = (): RawRunFlags => ({ scale: 'small', seed: '3', out: tempDir(), shrink: true });
const MAX_SEED = 2 ** 31 - 1;

/** Strings that are not what `accepts` allows, random ones included. */
const not = (accepts: (s: string) => boolean, known: string[]) => fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 12 })).filter((s) => !accepts(s));

const isSeed = (s: string) => /^\s*\d+\s*$/.test(s) && Number(s) <= MAX_SEED;
const isRuns = (s: string) => /^\s*\d+\s*$/.test(s) && Number(s) >= 1 && Number(s) <= 1_000_000;
const isShard = (s: string) => {
  const m = /^\s*(\d+)\/(\d+)\s*$/.exec(s);
  return !!m && Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2]) && Number(m[2]) <= 1_000_000;
};
const isAt = (s: string) => {
  const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 && parts.every((p) => /^[A-Za-z_]\w*=(.+)$/.test(p) && p.split('=')[1].trim() !== '' && Number.isFinite(Number(p.split('=')[1])));
};

/** One flag given a malformed value: which flag and the value. */
const malformed: fc.Arbitrary<[keyof RawRunFlags, unknown]> = fc.oneof(
  not((s) => ['small', 'default', 'large'].includes(s), ['huge', 'Small', '', ' default']).map((v) => ['scale', v] as [keyof RawRunFlags, unknown]),
  not(isSeed, ['-1', '1.5', 'abc', '', `${MAX_SEED + 1}`, '1e3', '0x10']).map((v) => ['seed', v] as [keyof RawRunFlags, unknown]),
  not(isRuns, ['0', '-3', '1.5', 'many', '', '1000001']).map((v) => ['runs', v] as [keyof RawRunFlags, unknown]),
  not(isShard, ['0/1', '2/1', '1/0', 'a/b', '1/', '1/2/3', '', '1/1000001']).map((v) => ['shard', v] as [keyof RawRunFlags, unknown]),
  not(isAt, ['d', 'd=', '=3', ',', '3=d']).map((v) => ['at', v] as [keyof RawRunFlags, unknown]),
  fc.constantFrom<[keyof RawRunFlags, unknown]>(['out', ''], ['out', '  '], ['trainer', ''], ['claim', []], ['claim', ['']], ['shrink', 'yes'], ['shrink', 1]),
);

describe('run flags', () => {
  it('accepts well-formed flags', () => {
    const out = tempDir();
    expect(parseRunFlags({ claim: ['quadratic'], scale: 'default', seed: '0', runs: '5', at: 'd=6, N=20', trainer: 'x.ts', out, shrink: false, shard: '2/3' })).toEqual({
      claim: ['quadratic'], scale: 'default', seed: 0, runs: 5, at: { d: 6, N: 20 }, trainer: 'x.ts', out, shrink: false, shard: { index: 2, count: 3 },
    });
  });

  it('rejects any malformed value with one InputError naming the flag, the value and what is allowed', () => {
    fc.assert(
      fc.property(malformed, ([key, value]) => {
        const err = inputErrorOf(() => parseRunFlags({ ...valid(), [key]: value }));
        // --at names the parameter whose value is wrong (`--at d`), or --at itself.
        expect(err.field.startsWith(`--${key}`)).toBe(true);
        expect(err.message).toMatch(/^--\w+.*: got .*; allowed: .+$/);
        expect(err.message).not.toContain('\n');
      }),
      { numRuns: 500 },
    );
  });

  it('rejects an --out that is an existing file', () => {
    const file = join(tempDir(), 'f');
    writeFileSync(file, '');
    expect(inputErrorOf(() => parseRunFlags({ ...valid(), out: file })).message).toContain('existing file');
  });

  it('checks --resume and merge inputs: a checkpoint must be there, and run flags may not be given', () => {
    const dir = tempDir();
    expect(inputErrorOf(() => parseResume(dir)).field).toBe('--resume');
    expect(inputErrorOf(() => parseResume('')).field).toBe('--resume');
    writeFileSync(join(dir, 'trials.jsonl'), '');
    expect(parseResume(dir)).toBe(dir);
    expect(inputErrorOf(() => parseResume(dir, ['seed', 'quiet'])).field).toBe('--seed');
    expect(inputErrorOf(() => parseResume(dir, ['shrink'])).field).toBe('--no-shrink');
    expect(parseResume(dir, ['quiet', 'json'])).toBe(dir);
    expect(parseMergeInput(dir)).toBe(join(dir, 'trials.jsonl'));
    expect(parseMergeInput(join(dir, 'report.json'))).toBe(join(dir, 'trials.jsonl'));
    expect(inputErrorOf(() => parseMergeInput(tempDir())).field).toBe('merge FILE');
  });
});

describe('--path', () => {
  it('takes a shrink path of numbers separated by colons, nothing else', () => {
    expect(parsePath('0:3:1')).toBe('0:3:1');
    expect(parsePath(' 12 ')).toBe('12');
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }).filter((s) => !/^\s*\d+(:\d+)*\s*$/.test(s)), (value) => {
        expect(inputErrorOf(() => parsePath(value)).field).toBe('--path');
      }),
    );
  });
});

describe('--locate', () => {
  it('takes a relative width, or the default width for the flag alone (true, as commander and a config file give it)', () => {
    expect(parseRunFlags({ ...valid(), locate: '0.25' }).locate).toBe(0.25);
    expect(parseRunFlags({ ...valid(), locate: true as unknown as string }).locate).toBe(DEFAULT_LOCATE_WIDTH);
    for (const bad of ['0', '-0.1', '1.5', 'narrow', '']) {
      const err = inputErrorOf(() => parseRunFlags({ ...valid(), locate: bad }));
      expect(err.field).toBe('--locate');
      expect(err.allowed).toContain('relative width');
    }
  });

  it('is refused with --at and with a shard: the rungs it places depend on every trial before them', () => {
    const plan = (over: Partial<RunPlan>): RunPlan => ({ scale: 'default', seed: 1, out: tempDir(), shrink: true, claim: ['quadratic.recovery-threshold'], locate: 0.1, ...over });
    expect(planRun(claims, plan({})).claims).toHaveLength(1);
    expect(inputErrorOf(() => planRun(claims, plan({ shard: { index: 1, count: 2 } }))).allowed).toContain('a run in one piece');
    expect(inputErrorOf(() => planRun(claims, plan({ at: { d: 3 } }))).field).toBe('--locate');
  });
});

describe('run flags of two words', () => {
  it('are named as typed on the command line', () => {
    expect(inputErrorOf(() => parseRunFlags({ ...valid(), trainerCheck: 'sometimes' })).field).toBe('--trainer-check');
    expect(inputErrorOf(() => parseRunFlags({ ...valid(), trainerTimeout: '-1' })).field).toBe('--trainer-timeout');
    expect(inputErrorOf(() => parseRunFlags({ ...valid(), trainer: 'x.ts', trainerCmd: 'python3 t.py' })).field).toBe('--trainer-cmd');
  });
});

describe('config file', () => {
  const write = (value: unknown) => {
    const file = join(tempDir(), 'theorycheck.json');
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };
  const cli = valid();
  const fromConfig = (file: string, given: string[] = []) => resolveRunFlags(cli, (k) => given.includes(k), readConfigFile(file));

  it('supplies run flags; the command line wins', () => {
    const file = write({ claim: 'quadratic', scale: 'default', seed: 8, runs: '4', at: { d: 3 }, shrink: false, shard: '1/2' });
    expect(fromConfig(file)).toMatchObject({ claim: ['quadratic'], scale: 'default', seed: 8, runs: 4, at: { d: 3 }, shrink: false, shard: { index: 1, count: 2 } });
    expect(fromConfig(file, ['seed', 'scale'])).toMatchObject({ scale: 'small', seed: 3, runs: 4 });
  });

  it('takes every run flag, those of a trainer process and sequential stopping included', () => {
    const file = write({ trainerCmd: 'python3 trainer.py', trainerTimeout: 30, sequential: false, trainerCheck: 'report', allowUnsupported: true, locate: true });
    expect(fromConfig(file)).toMatchObject({ trainerCmd: 'python3 trainer.py', trainerTimeout: 30, sequential: false, trainerCheck: 'report', allowUnsupported: true, locate: DEFAULT_LOCATE_WIDTH });
    expect(fromConfig(write({ locate: 0.05 })).locate).toBe(0.05);
    const bad = write({ trainerTimeout: 0 });
    expect(inputErrorOf(() => fromConfig(bad)).field).toBe(`${bad}: trainerTimeout`);
    const both = write({ trainer: 'x.ts', trainerCmd: 'python3 trainer.py' });
    expect(inputErrorOf(() => fromConfig(both)).allowed).toContain('not both');
  });

  it('rejects malformed files and values naming the file and the key', () => {
    fc.assert(
      fc.property(malformed, ([key, value]) => {
        // Values that JSON can carry; the checks are those of the flags, named after the file's key.
        const file = write({ [key]: value });
        const err = inputErrorOf(() => fromConfig(file));
        expect(err.field.startsWith(`${file}: ${key}`)).toBe(true);
        expect(err.message).toMatch(/: got .*; allowed: .+$/);
      }),
      { numRuns: 200 },
    );
    const cases: [unknown, string][] = [
      ['{ not json', '--config'],
      [[1, 2], '--config'],
      [{ sed: 3 }, ': sed'],
      [{ seed: true }, ': seed'],
      [{ claim: 3 }, ': claim'],
      [{ at: { d: 'x' } }, ': at'],
      [{ shrink: 'no' }, ': shrink'],
    ];
    for (const [content, field] of cases) expect(inputErrorOf(() => fromConfig(write(content))).field).toContain(field);
    expect(inputErrorOf(() => readConfigFile(join(tempDir(), 'missing.json'))).field).toBe('--config');
  });

  it('takes the output settings too (workers, quiet, json, bail), and names the nearest key of an unknown one', () => {
    expect(readConfigFile(write({ workers: 2, quiet: true, json: false, bail: true, seed: 4 }))).toMatchObject({ output: { workers: '2', quiet: true, json: false, bail: true }, values: { seed: '4' } });
    expect(inputErrorOf(() => readConfigFile(write({ sede: 3 }))).allowed).toMatch(/only the keys .*workers, quiet, json, bail \(did you mean seed\?\)$/);
  });

  it('is found in the working directory as theorycheck.config.json when --config names none', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'theorycheck.config.json'), JSON.stringify({ claim: 'quadratic.energy-barrier', scale: 'small', seed: 2, json: true, workers: 1 }));
    const run = await cliIn(cwd, 'run', '--out', 'out');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ seed: 2, scale: 'small', claims: [{ id: 'quadratic.energy-barrier' }] });
    writeFileSync(join(cwd, 'theorycheck.config.json'), JSON.stringify({ workers: 0 }));
    expectRejected(await cliIn(cwd, 'run', '--out', 'out'), 'theorycheck.config.json: workers', expect);
  });
});
