// The kill matrix: the claim suite run against deliberately broken trainers. A trainer is caught when the default
// run exits non-zero under it: it fails the did-it-train check, or a claim catches it, i.e. one of the claim's
// gated rungs does not agree with the paper (disagrees, stays inconclusive, or was not checked). The matrix runs
// the claims even after a failed trainer check, to show which claims see each bug. Every broken trainer must be
// caught, the reference trainer not.
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Trainer } from '../contract/trainer';
import { loadTrainer } from './trainers/load';
import type { Claim, ScaleName } from '../contract/claim';
import type { Report } from '../contract/report';
import { runClaims } from './run';

export interface KillRow {
  /** The trainer's name, and the module it came from (none for the reference). */
  trainer: string;
  file?: string;
  /**
   * reference: must be caught by no claim; broken: must be caught by some claim; invisible: a bug that no claim
   * is expected to see (reported, not required).
   */
  group: 'reference' | 'broken' | 'invisible';
  /** The bug, from the first comment line of the module. */
  bug?: string;
  /** The run's exit code (the did-it-train check stopping nothing: see runKillMatrix). */
  exitCode: number;
  /** Claims with a gated rung that disagrees. */
  disagree: string[];
  /** Claims with a gated rung that stays inconclusive (and none that disagrees). */
  inconclusive: string[];
  /** Claims with a gated rung not checked (and none disagreeing or inconclusive): what makes the run exit 4. */
  notChecked: string[];
  /** The did-it-train check: passed, failed (the run exits 1 before any claim), or not made. */
  trainerCheck: 'passed' | 'failed' | 'not made';
  /** The standard problems of the check that the trainer failed. */
  checkFailures: string[];
  /** Whether the claims ran (not when a failed check ended the run, as it does by default). */
  claimsRun: boolean;
  seconds: number;
}

/** Claims catching the trainer: disagreeing, inconclusive or not checked. */
export function caughtBy(row: KillRow): string[] {
  return [...row.disagree, ...row.inconclusive, ...row.notChecked];
}

/** Whether the default run fails under the trainer: the did-it-train check or some claim catches it. */
export function caught(row: KillRow): boolean {
  return row.trainerCheck === 'failed' || caughtBy(row).length > 0;
}

/** The row of one trainer's report. */
export function killRow(report: Report, group: KillRow['group'], file?: string, bug?: string): KillRow {
  const has = (claim: Report['claims'][number], verdict: string) => claim.results.some((r) => r.verdict === verdict);
  return {
    trainer: report.trainer,
    ...(file ? { file } : {}),
    group,
    ...(bug ? { bug } : {}),
    exitCode: report.summary.exitCode,
    disagree: report.claims.filter((c) => has(c, 'disagrees')).map((c) => c.id),
    inconclusive: report.claims.filter((c) => !has(c, 'disagrees') && has(c, 'inconclusive')).map((c) => c.id),
    notChecked: report.claims.filter((c) => c.verdict === 'not-checked').map((c) => c.id),
    trainerCheck: report.trainerCheck ? (report.trainerCheck.pass ? 'passed' : 'failed') : 'not made',
    checkFailures: report.trainerCheck?.probes.filter((p) => !p.pass).map((p) => p.name) ?? [],
    claimsRun: report.claims.length > 0,
    // Work done on the claims (trials and shrinks): a resumed run's own seconds would leave out the earlier part.
    seconds: report.claims.reduce((s, c) => s + c.seconds, 0),
  };
}

/** Trainer modules of a directory: every .ts or .js file not starting with "_" (helpers), sorted. */
export function trainerFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.startsWith('_') && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => join(dir, f));
}

/** The module's description of its bug: its first comment line, without "// Bug:". */
export function bugOf(source: string): string | undefined {
  const line = source.split('\n').find((l) => l.startsWith('//'));
  return line?.replace(/^\/\/\s*(Bug:\s*)?/, '').trim();
}

export interface KillMatrixOptions {
  claims: readonly Claim<any>[];
  scale: ScaleName;
  seed: number;
  /** Trials per rung, overriding the ladders' (a reduced matrix). */
  runs?: number;
  /** Called after each trainer's run. */
  onRow?(row: KillRow): void;
}

/** Runs the claims against the reference trainer and each module in this process; the reference's row comes first. */
export async function runKillMatrix(files: readonly string[], options: KillMatrixOptions, describe: (file: string) => string | undefined = () => undefined): Promise<KillRow[]> {
  const rows: KillRow[] = [];
  const entries: { trainer: Trainer; file?: string }[] = [{ trainer: await loadTrainer() }];
  for (const file of files) entries.push({ trainer: await loadTrainer(file), file });
  for (const { trainer, file } of entries) {
    const report = await runClaims(options.claims, { seed: options.seed, scale: options.scale, trainer, shrink: false, sequential: true, trainerCheck: 'report', ...(options.runs !== undefined ? { runs: options.runs } : {}) });
    const row = killRow(report, file ? 'broken' : 'reference', file, file ? describe(file) : undefined);
    options.onRow?.(row);
    rows.push(row);
  }
  return rows;
}

export interface KillMatrixMeta {
  scale: string;
  seed: number;
  claims: readonly string[];
  runs?: number;
}

/** reports/kill-matrix.md: a row per trainer with the check's verdict and the claims that catch it, the totals, then the blind spots. */
export function killMatrixMarkdown(rows: readonly KillRow[], meta: KillMatrixMeta, root = process.cwd()): string {
  const broken = rows.filter((r) => r.group === 'broken');
  const invisible = rows.filter((r) => r.group === 'invisible');
  const escaped = broken.filter((r) => !caught(r));
  const reference = rows.filter((r) => r.group === 'reference');
  const referenceCaught = reference.filter(caught);
  const short = (id: string) => `\`${id}\``;
  const cell = (r: KillRow) =>
    (r.claimsRun ? '' : 'not run: the failed check ends the run') ||
    [...r.disagree.map(short), ...r.inconclusive.map((id) => `${short(id)} (inconclusive)`), ...r.notChecked.map((id) => `${short(id)} (not checked)`)].join(', ') || '**none**';
  const rel = (file: string) => (file.startsWith(root) ? file.slice(root.length + 1) : file);
  const line = (r: KillRow) => {
    const name = r.file ? `[${r.trainer}](../${rel(r.file)})` : r.trainer;
    const bug = (r.bug ?? (r.file ? '' : 'none: the reference trainer')).replace(/\|/g, '\\|');
    const check = r.trainerCheck === 'failed' ? '**failed**' : r.trainerCheck;
    return `| ${name} | ${bug} | ${r.exitCode} | ${check} | ${cell(r)} | ${caughtBy(r).length} | ${r.seconds.toFixed(0)} |`;
  };
  const header = ['| trainer | bug | exit | trainer check | claims catching it | claims | seconds |', '|---|---|---|---|---|---|---|'];
  const lines = [
    '# Kill matrix',
    '',
    `The claim suite (${meta.claims.length} claims, scale ${meta.scale}, seed ${meta.seed}${meta.runs ? `, ${meta.runs} trials per rung` : ''}) run against the reference trainer and against each broken trainer of \`test/fixtures/broken-trainers/\`, each with one realistic bug (\`lazy-*\`: trainers that do not train, or barely). A trainer is caught when \`theorycheck run --trainer FILE\` exits non-zero under it: it fails the did-it-train check (exit 1, before any claim runs), or a claim catches it, i.e. one of the claim's gated rungs disagrees with the paper, stays inconclusive (exit 1) or is not checked (exit 4). The matrix runs the claims even after a failed trainer check (\`--trainer-check report\`) to show which claims see each bug, except for the \`lazy-*\` trainers, which it runs as the default run does (\`--trainer-check stop\`: the check ends the run at once; that the claims catch them as well is asserted on a reduced ladder by \`test/runner/kill-matrix.test.ts\`); "exit" is that run's exit code. Regenerate with \`npm run kill-matrix\`.`,
    '',
    `**${broken.length - escaped.length} of ${broken.length} broken trainers caught**; the reference trainer is caught by ${referenceCaught.length ? referenceCaught.map((r) => caughtBy(r).join(', ') || 'the trainer check').join(', ') : 'nothing'}.${escaped.length ? ` Not caught: ${escaped.map((r) => r.trainer).join(', ')}.` : ''}`,
    '',
    ...header,
    ...rows.filter((r) => r.group !== 'invisible').map(line),
    '',
    'Per claim, the broken trainers it catches:',
    '',
    '| claim | catches |',
    '|---|---|',
    ...meta.claims.map((id) => {
      const by = broken.filter((r) => caughtBy(r).includes(id)).map((r) => r.trainer);
      return `| \`${id}\` | ${by.length ? by.join(', ') : '—'} |`;
    }),
    '',
  ];
  if (invisible.length) {
    lines.push(
      '## Blind spots',
      '',
      'Bugs in `test/fixtures/broken-trainers/invisible/`: real bugs that no claim is expected to see, because the claims measure something the bug does not change (the module says why). They are run and reported, not required to be caught; a catch here would be a chance fluctuation unless it reproduces under other seeds.',
      '',
      ...header,
      ...invisible.map(line),
      '',
    );
  }
  return lines.join('\n');
}

/** The display name of a trainer module (its file name without extension). */
export function moduleName(file: string): string {
  return basename(resolve(file)).replace(/\.(ts|js)$/, '');
}

/** A claim's family: the part of its id before the first dot. */
const familyOf = (id: string) => id.slice(0, id.indexOf('.'));

export interface FamilyMatrixMeta extends KillMatrixMeta {
  title: string;
  /** What was run, and how to regenerate it. */
  intro: string;
}

/**
 * A kill matrix with a row per trainer and a column per claim family: the claims of the family that catch the
 * trainer (disagreeing; "inconclusive" or "not checked" beside the others), with the check's verdict and the exit.
 */
export function familyKillMatrixMarkdown(rows: readonly KillRow[], meta: FamilyMatrixMeta, root = process.cwd()): string {
  const families = [...new Set(meta.claims.map(familyOf))];
  const broken = rows.filter((r) => r.group === 'broken');
  const escaped = broken.filter((r) => !caught(r));
  const referenceCaught = rows.filter((r) => r.group === 'reference' && caught(r));
  const rel = (file: string) => (file.startsWith(root) ? file.slice(root.length + 1) : file);
  const cell = (r: KillRow, family: string) => {
    if (!r.claimsRun) return 'not run';
    const mark = (ids: string[], note: string) => ids.filter((id) => familyOf(id) === family).map((id) => `${id.slice(family.length + 1)}${note}`);
    const names = [...mark(r.disagree, ''), ...mark(r.inconclusive, ' (inconclusive)'), ...mark(r.notChecked, ' (not checked)')];
    return names.length ? names.join(', ') : '—';
  };
  const line = (r: KillRow) => {
    const name = r.file ? `[${r.trainer}](../${rel(r.file)})` : r.trainer;
    const check = r.trainerCheck === 'failed' ? `**failed**${r.checkFailures.length ? `: ${r.checkFailures.join('; ')}` : ''}` : r.trainerCheck;
    const verdict = caught(r) ? 'caught' : r.group === 'reference' ? 'agrees' : '**not caught**';
    return `| ${name} | ${(r.bug ?? 'none').replace(/\|/g, '\\|')} | ${r.exitCode} | ${verdict} | ${check} | ${families.map((f) => cell(r, f)).join(' | ')} | ${r.seconds.toFixed(0)} |`;
  };
  return [
    `# ${meta.title}`,
    '',
    meta.intro,
    '',
    `**${broken.length - escaped.length} of ${broken.length} bugs caught**; the correct trainer is caught by ${referenceCaught.length ? referenceCaught.map((r) => caughtBy(r).join(', ') || 'the trainer check').join(', ') : 'nothing'}.${escaped.length ? ` Not caught: ${escaped.map((r) => r.trainer).join(', ')}.` : ''}`,
    '',
    `| trainer | bug | exit | run | trainer check | ${families.join(' | ')} | seconds |`,
    `|---|---|---|---|---|${families.map(() => '---|').join('')}---|`,
    ...rows.map(line),
    '',
  ].join('\n');
}
