// run --watch: a run at once, another after each change of the trainer's files, and Ctrl-C/SIGTERM ending both.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/contract/errors';
import { splitCommand } from '../../src/runner/trainers/process';
import { watchedFolders } from '../../src/cli/watch';
import { descendants, survivors } from '../helpers/processes';
import { bin, cliIn, expectRejected } from './helpers';

const index = join(import.meta.dirname, '../../src/index.ts');
const trainerNamed = (name: string) => `import { referenceTrainer } from '${index}';\nexport default { ...referenceTrainer, name: '${name}' };\n`;

describe('run --watch', () => {
  it('watches the folders of the trainer module, of the files a trainer command names, and of the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-watch-'));
    writeFileSync(join(dir, 't.py'), '');
    writeFileSync(join(dir, 'c.json'), '{}');
    expect(watchedFolders({ trainerCmd: 'python3 t.py --fast', config: 'c.json' }, splitCommand, dir)).toEqual([dir]);
    expect(() => watchedFolders({}, splitCommand, dir)).toThrow(InputError);
  });

  it('without a trainer file to watch is bad input', async () => {
    expectRejected(await cliIn(tmpdir(), 'run', '--watch', '--claim', 'quadratic.recovery-threshold'), '--watch', expect);
  });

  it('runs at once, again when the trainer changes, and SIGTERM ends the run and the watch with nothing left behind', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-watch-run-'));
    writeFileSync(join(dir, 'trainer.ts'), trainerNamed('watched-1'));
    const args = ['run', '--watch', '--trainer', 'trainer.ts', '--claim', 'quadratic.recovery-threshold', '--scale', 'small', '--runs', '2', '--trainer-check', 'off', '--json', '--quiet', '--out', 'out'];
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => void (stdout += b));
    child.stderr.on('data', (b: Buffer) => void (stderr += b));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const until = async (seen: () => boolean) => {
      while (!seen()) await new Promise((r) => setTimeout(r, 100));
    };
    const ended = () => stderr.split('run ended').length - 1;
    await until(() => ended() === 1);
    expect(stdout).toContain('"trainer": "watched-1"');
    writeFileSync(join(dir, 'trainer.ts'), trainerNamed('watched-2'));
    await until(() => ended() === 2);
    expect(stderr).toContain('change seen, starting another');
    expect(stdout).toContain('"trainer": "watched-2"');
    // SIGTERM while the third version's run is under way.
    writeFileSync(join(dir, 'trainer.ts'), trainerNamed('watched-3'));
    await until(() => descendants(child.pid as number).length > 0);
    const running = descendants(child.pid as number);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(await survivors(running)).toEqual([]);
  });
});
