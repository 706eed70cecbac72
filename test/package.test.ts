// The package as a user gets it: `npm run check` leaves the working tree as it was, and `npm pack` ships the
// command, its sources, claims, docs and example, none of the tests, reports or benchmarks.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

describe('the package', () => {
  it('npm run check writes its report where git does not look', () => {
    const out = /--out (\S+)/.exec(pkg.scripts.check)?.[1];
    expect(out).toBeDefined();
    // git check-ignore exits 0 for an ignored path, 1 for one git would track.
    const ignored = (path: string) => {
      try {
        execFileSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: root, stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    };
    expect(ignored(`${out}/report.json`)).toBe(true);
    expect(ignored('reports/report.json')).toBe(false);
  });

  it('the ES-module entry for plain Node re-exports every runtime export of index.ts', async () => {
    const api = await import('../src/index');
    const script = "const m = await import('./src/esm-entry.mjs'); console.log(JSON.stringify(Object.keys(m).sort()))";
    const names = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })) as string[];
    expect(names).toEqual(Object.keys(api).sort());
  }, 60_000);

  it('ships the command, sources, claims, docs and example only', () => {
    const [listing] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as [{ files: { path: string }[] }];
    const tops = new Set(listing.files.map((f) => f.path.split('/')[0]));
    expect([...tops].sort()).toEqual(['README.md', 'bin', 'docs', 'examples', 'package.json', 'properties', 'src']);
    expect(listing.files.some((f) => f.path === 'src/core/linalg/wasm/kernels.wasm')).toBe(true);
  });
});
