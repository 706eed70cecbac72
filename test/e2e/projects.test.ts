// theorycheck as a user installs it: the packed tarball in a fresh CommonJS project and in a fresh ES-module
// project, each running a TypeScript trainer and a plain JavaScript one (CommonJS or ESM, as its project is), and
// the library in plain Node (require() in the CommonJS one, import in the ES-module one).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const ECHO = `{ supports: () => true, train: (r) => ({ W: r.network.W.slice(), a: r.network.a.slice(), steps: 0, trace: { step: [0], loss: [1] } }) }`;
const TS_TRAINER = `import type { Trainer } from 'theorycheck';\nconst trainer: Trainer = { name: 'echo-ts', ...${ECHO} };\nexport default trainer;\n`;

let tarball: string;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-pack-'));
  const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: root });
  tarball = join(dir, stdout.trim().split('\n').pop() as string);
}, 60_000);

/** A fresh project of this module type with the tarball installed (from npm's cache where it can). */
async function project(type: 'commonjs' | 'module'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `tc-${type}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `user-${type}`, version: '1.0.0', private: true, type }));
  await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: dir });
  return dir;
}

async function runWith(dir: string, trainer: string) {
  try {
    const { stdout } = await exec('npx', ['theorycheck', 'run', '--claim', 'quadratic.gd-recovers-below-barrier', '--scale', 'small', '--runs', '3', '--trainer', trainer, '--trainer-check', 'off', '--json', '--quiet', '--out', 'out'], { cwd: dir });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    return err as { code: number; stdout: string; stderr: string };
  }
}

describe('the packed package in a fresh project', () => {
  for (const [type, plain] of [
    ['commonjs', `module.exports = { name: 'echo-js', ...${ECHO} };\n`],
    ['module', `export default { name: 'echo-js', ...${ECHO} };\n`],
  ] as const) {
    it(`${type}: runs a .ts trainer and a .js trainer`, { timeout: 240_000 }, async () => {
      const dir = await project(type);
      writeFileSync(join(dir, 'my-trainer.ts'), TS_TRAINER);
      writeFileSync(join(dir, 'plain-trainer.js'), plain);
      for (const [file, name] of [['my-trainer.ts', 'echo-ts'], ['plain-trainer.js', 'echo-js']]) {
        const r = await runWith(dir, file);
        // The echo trainer learns nothing: the claim disagrees (exit 1), which is the run working.
        expect(r.code, r.stderr).toBe(1);
        expect(JSON.parse(r.stdout)).toMatchObject({ trainer: name, summary: { outcome: 'disagrees' } });
        expect(JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')).trainer).toBe(name);
      }
      // The library in plain Node, through require() in the CommonJS project and import in the ES-module one.
      const load = type === 'commonjs' ? `const t = require('theorycheck');` : `import * as t from 'theorycheck';`;
      const script = `${load}
          t.runClaims(t.claims.filter((c) => c.id === 'quadratic.recovery-threshold'), { seed: 1, trainer: t.referenceTrainer, scale: 'small' })
            .then((r) => t.writeReport('lib-out', r).then((files) => console.log(JSON.stringify({ claims: t.claims.length, outcome: r.summary.outcome, files: files.length }))));`;
      const flags = type === 'commonjs' ? ['-e', script] : ['--input-type=module', '-e', script];
      const { stdout } = await exec(process.execPath, flags, { cwd: dir });
      expect(JSON.parse(stdout)).toEqual({ claims: 35, outcome: 'agrees', files: 5 });
    });
  }
});
