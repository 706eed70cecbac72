// npm run kill-matrix: the claim suite at the default scale against the reference trainer and every broken trainer
// of test/fixtures/broken-trainers/, each run by `theorycheck run` in its own process (two at a time), then
// reports/kill-matrix.md. Flags: --scale S, --seed S, --jobs N, --claim ID..., --grep REGEX (the rungs run, as run -t),
// --work DIR (the runs' reports),
// --resume (finish the runs of an interrupted matrix in the same --work from their checkpoints). Broken trainers
// run with --trainer-check report, so that the claims run after a failed check (--trainer-check stop: as the default
// run does, the claims only for trainers that pass it); the lazy-* ones always with stop.
// --torch: the same for examples/torch_trainer.py and its one-line bugs in test/fixtures/torch-bugs/ (each applied
// to a copy of the example in --work), written to reports/torch-kill-matrix.md with a column per claim family.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { claims as allClaims } from '../properties/index';
import { selectClaims } from '../src/core/check/select';
import { bugOf, caught, familyKillMatrixMarkdown, killMatrixMarkdown, killRow, moduleName, trainerFiles, type KillRow } from '../src/runner/kill-matrix';
import { linePatchFiles, readLinePatch, writePatchedTrainer } from '../src/runner/line-patch';
import { pythonWith } from '../src/runner/trainers/python';
import type { Report } from '../src/contract/report';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'default' },
    seed: { type: 'string', default: '1' },
    jobs: { type: 'string', default: '2' },
    claim: { type: 'string', multiple: true },
    grep: { type: 'string' },
    'trainer-check': { type: 'string', default: 'report' },
    work: { type: 'string', default: join(tmpdir(), 'theorycheck-kill-matrix') },
    out: { type: 'string' },
    resume: { type: 'boolean', default: false },
    torch: { type: 'boolean', default: false },
  },
});
const root = resolve('.');
const claims = selectClaims(allClaims, values.claim);
interface Job {
  name: string;
  group: KillRow['group'];
  /** A trainer module (--trainer) or command (--trainer-cmd); neither: the reference trainer. */
  file?: string;
  command?: string;
  /** The file that describes the bug, and its description. */
  source?: string;
  bug?: string;
}

function moduleJobs(): Job[] {
  const files = trainerFiles(resolve('test/fixtures/broken-trainers'));
  const invisible = trainerFiles(resolve('test/fixtures/broken-trainers/invisible'));
  const described = (file: string, group: KillRow['group']): Job => ({ name: moduleName(file), group, file, source: file, bug: bugOf(readFileSync(file, 'utf8')) });
  return [{ name: 'reference', group: 'reference' }, ...files.map((file) => described(file, 'broken')), ...invisible.map((file) => described(file, 'invisible'))];
}

const TORCH_EXAMPLE = resolve('examples/torch_trainer.py');

function torchJobs(): Job[] {
  const python = pythonWith('torch');
  if (!python) throw new Error('--torch: no python3 with torch (tried python3 and /usr/bin/python3); on Debian: apt-get install python3-torch');
  const bugs = linePatchFiles(resolve('test/fixtures/torch-bugs')).map((file) => {
    const patch = readLinePatch(file);
    const copy = writePatchedTrainer(TORCH_EXAMPLE, patch, join(values.work, 'trainers'));
    return { name: patch.name, group: 'broken', command: `${python} ${copy}`, source: file, bug: patch.bug } satisfies Job;
  });
  return [{ name: 'torch', group: 'reference', command: `${python} ${TORCH_EXAMPLE}` }, ...bugs];
}

const jobs = values.torch ? torchJobs() : moduleJobs();
const outFile = values.out ?? (values.torch ? 'reports/torch-kill-matrix.md' : 'reports/kill-matrix.md');

function runOne(job: Job): Promise<Report> {
  const out = join(values.work, job.name);
  mkdirSync(out, { recursive: true });
  const args = ['bin/theorycheck.js', 'run', '--quiet'];
  if (values.resume && existsSync(join(out, 'trials.jsonl'))) {
    args.push('--resume', out);
  } else {
    // Claims run past a failed check to show which of them see a bug; a trainer that does not train at all is run
    // as the default run runs it, which the check ends at once.
    const check = job.name.startsWith('lazy-') ? 'stop' : values['trainer-check'];
    args.push('--scale', values.scale, '--seed', values.seed, '--no-shrink', '--trainer-check', check, '--out', out);
    for (const id of values.claim ?? []) args.push('--claim', id);
    if (values.grep) args.push('--grep', values.grep);
    if (job.file) args.push('--trainer', job.file);
    if (job.command) args.push('--trainer-cmd', job.command);
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
// Every torch run greets as "torch": the row is named by its bug.
const rows: KillRow[] = jobs.filter((job) => reports.has(job.name)).map((job) => ({ ...killRow(reports.get(job.name)!, job.group, job.source, job.bug), ...(values.torch ? { trainer: job.name } : {}) }));
const meta = { scale: values.scale, seed: Number(values.seed), claims: claims.map((c) => c.id) };
const markdown = values.torch ? familyKillMatrixMarkdown(rows, { ...meta, title: 'Kill matrix of the PyTorch trainer', intro: torchIntro() }, root) : killMatrixMarkdown(rows, meta, root);
writeFileSync(outFile, markdown);
process.stdout.write(markdown);
function torchIntro(): string {
  const rungs = values.grep ? `, the rungs whose "claim-id rung-name" matches \`${values.grep.replace(/\|/g, '\\|')}\`` : '';
  return `The claim suite (${claims.length} claims${rungs}, scale ${values.scale}, seed ${values.seed}) run against [examples/torch_trainer.py](../examples/torch_trainer.py) and against each of its one-line bugs in \`test/fixtures/torch-bugs/\` (mistakes PyTorch users make; each \`.bug\` file names the line it changes, applied to a copy of the example), through \`theorycheck run --trainer-cmd\` with \`--trainer-check ${values['trainer-check']}\`${values['trainer-check'] === 'report' ? ', so that the claims run even after a failed did-it-train check' : ': as in the default run, a failed did-it-train check ends the run before any claim, and the claims run for the trainers that pass it'}. A bug is caught when that run exits non-zero: the did-it-train check fails, or a claim's gated rung disagrees with the paper, stays inconclusive or is not checked (a rung left unscored, e.g. by trials that raise, is never a pass). A family's cell lists its claims that catch the row's trainer (— none; "not run": the failed check ended the run first). Regenerate with \`npm run kill-matrix -- ${regenerateFlags().join(' ')}\`.`;
}

/** The flags of this matrix as a command line, without where its runs were kept. */
function regenerateFlags(): string[] {
  const args = process.argv.slice(2);
  return args.filter((a, i) => !['--work', '--resume'].includes(a) && args[i - 1] !== '--work').map((a) => (/^[\w./=-]+$/.test(a) ? a : `'${a}'`));
}

const escaped = rows.filter((r) => r.group === 'broken' && !caught(r));
const referenceCaught = rows.some((r) => r.group === 'reference' && caught(r));
if (failed.length) process.stderr.write(`runs that failed: ${failed.join(', ')}\n`);
process.exitCode = escaped.length > 0 || referenceCaught || failed.length > 0 ? 1 : 0;
