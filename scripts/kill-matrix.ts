// npm run kill-matrix: the claim suite at the default scale against the reference trainer and every broken trainer
// of test/fixtures/broken-trainers/, each run by `theorycheck run` in its own process (two at a time), then
// reports/kill-matrix.md. Flags: --scale S, --seed S, --jobs N, --claim ID..., --work DIR (the runs' reports).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { claims as allClaims } from '../properties/index';
import { selectClaims } from '../src/harness/select';
import { bugOf, caughtBy, killMatrixMarkdown, killRow, moduleName, trainerFiles, type KillRow } from '../src/harness/kill-matrix';
import type { Report } from '../src/harness/result';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'default' },
    seed: { type: 'string', default: '1' },
    jobs: { type: 'string', default: '2' },
    claim: { type: 'string', multiple: true },
    work: { type: 'string', default: join(tmpdir(), 'theorycheck-kill-matrix') },
    out: { type: 'string', default: 'reports/kill-matrix.md' },
  },
});
const root = resolve('.');
const files = trainerFiles(resolve('test/fixtures/broken-trainers'));
const claims = selectClaims(allClaims, values.claim);
const jobs: { name: string; file?: string }[] = [{ name: 'reference' }, ...files.map((file) => ({ name: moduleName(file), file }))];

function runOne(job: { name: string; file?: string }): Promise<Report> {
  const out = join(values.work, job.name);
  mkdirSync(out, { recursive: true });
  const args = ['bin/theorycheck.js', 'run', '--scale', values.scale, '--seed', values.seed, '--no-shrink', '--quiet', '--out', out];
  for (const id of values.claim ?? []) args.push('--claim', id);
  if (job.file) args.push('--trainer', job.file);
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', fail);
    child.on('close', (code) => {
      // 0: every rung agrees, 1: some rung does not; anything else is a failed run.
      if (code !== 0 && code !== 1) return fail(new Error(`${job.name}: theorycheck run exited with ${code}`));
      process.stderr.write(`${job.name}: exit ${code} after ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      done(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report);
    });
  });
}

const reports = new Map<string, Report>();
let next = 0;
await Promise.all(
  Array.from({ length: Math.max(1, Number(values.jobs)) }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      reports.set(job.name, await runOne(job));
    }
  }),
);
const rows: KillRow[] = jobs.map((job) => killRow(reports.get(job.name)!, job.file, job.file ? bugOf(readFileSync(job.file, 'utf8')) : undefined));
const markdown = killMatrixMarkdown(rows, { scale: values.scale, seed: Number(values.seed), claims: claims.map((c) => c.id) }, root);
writeFileSync(values.out, markdown);
process.stdout.write(markdown);
const escaped = rows.filter((r) => r.file && caughtBy(r).length === 0);
const referenceCaught = rows.some((r) => !r.file && caughtBy(r).length > 0);
process.exitCode = escaped.length > 0 || referenceCaught ? 1 : 0;
