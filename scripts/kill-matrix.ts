// npm run kill-matrix: the claim suite at the default scale against the reference trainer and every broken trainer
// of test/fixtures/broken-trainers/, each run by `theorycheck run` in its own process (two at a time), then
// reports/kill-matrix.md. Flags: --scale S, --seed S, --jobs N, --claim ID..., --work DIR (the runs' reports),
// --resume (finish the runs of an interrupted matrix in the same --work from their checkpoints). Broken trainers
// run with --trainer-check report, so that the claims run after a failed check; the lazy-* ones with the default stop.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { claims as allClaims } from '../properties/index';
import { selectClaims } from '../src/core/check/select';
import { bugOf, caught, killMatrixMarkdown, killRow, moduleName, trainerFiles, type KillRow } from '../src/runner/kill-matrix';
import type { Report } from '../src/contract/report';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'default' },
    seed: { type: 'string', default: '1' },
    jobs: { type: 'string', default: '2' },
    claim: { type: 'string', multiple: true },
    work: { type: 'string', default: join(tmpdir(), 'theorycheck-kill-matrix') },
    out: { type: 'string', default: 'reports/kill-matrix.md' },
    resume: { type: 'boolean', default: false },
  },
});
const root = resolve('.');
const files = trainerFiles(resolve('test/fixtures/broken-trainers'));
const invisible = trainerFiles(resolve('test/fixtures/broken-trainers/invisible'));
const claims = selectClaims(allClaims, values.claim);
interface Job {
  name: string;
  group: KillRow['group'];
  file?: string;
}
const jobs: Job[] = [
  { name: 'reference', group: 'reference' },
  ...files.map((file): Job => ({ name: moduleName(file), group: 'broken', file })),
  ...invisible.map((file): Job => ({ name: moduleName(file), group: 'invisible', file })),
];

function runOne(job: Job): Promise<Report> {
  const out = join(values.work, job.name);
  mkdirSync(out, { recursive: true });
  const args = ['bin/theorycheck.js', 'run', '--quiet'];
  if (values.resume && existsSync(join(out, 'trials.jsonl'))) {
    args.push('--resume', out);
  } else {
    // Claims run past a failed check to show which of them see a bug; a trainer that does not train at all is run
    // as the default run runs it, which the check ends at once.
    const check = moduleName(job.file ?? '').startsWith('lazy-') ? 'stop' : 'report';
    args.push('--scale', values.scale, '--seed', values.seed, '--no-shrink', '--trainer-check', check, '--out', out);
    for (const id of values.claim ?? []) args.push('--claim', id);
    if (job.file) args.push('--trainer', job.file);
  }
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', fail);
    child.on('close', (code) => {
      // 0: every rung agrees, 1: some rung does not or the trainer did not train, 4: a gated rung not checked;
      // anything else is a failed run.
      if (code !== 0 && code !== 1 && code !== 4) return fail(new Error(`${job.name}: theorycheck run exited with ${code}`));
      process.stderr.write(`${job.name}: exit ${code} after ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      done(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report);
    });
  });
}

const reports = new Map<string, Report>();
const failed: string[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: Math.max(1, Number(values.jobs)) }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      try {
        reports.set(job.name, await runOne(job));
      } catch (err) {
        // One failed run is reported; the others go on.
        failed.push(job.name);
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }),
);
const rows: KillRow[] = jobs
  .filter((job) => reports.has(job.name))
  .map((job) => killRow(reports.get(job.name)!, job.group, job.file, job.file ? bugOf(readFileSync(job.file, 'utf8')) : undefined));
const markdown = killMatrixMarkdown(rows, { scale: values.scale, seed: Number(values.seed), claims: claims.map((c) => c.id) }, root);
writeFileSync(values.out, markdown);
process.stdout.write(markdown);
const escaped = rows.filter((r) => r.group === 'broken' && !caught(r));
const referenceCaught = rows.some((r) => r.group === 'reference' && caught(r));
if (failed.length) process.stderr.write(`runs that failed: ${failed.join(', ')}\n`);
process.exitCode = escaped.length > 0 || referenceCaught || failed.length > 0 ? 1 : 0;
