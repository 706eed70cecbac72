// The kill matrix: the claim suite run against deliberately broken trainers. A claim catches a trainer when one of
// its gated rungs does not agree with the paper under that trainer (disagrees, or stays inconclusive: what makes
// `theorycheck run` exit 1). Every broken trainer must be caught by some claim, the reference trainer by none.
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Trainer } from '../train/types';
import { loadTrainer } from '../train/load';
import type { Claim, ScaleName } from './claim';
import type { Report } from './result';
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
  /** Claims with a gated rung that disagrees. */
  disagree: string[];
  /** Claims with a gated rung that stays inconclusive (and none that disagrees). */
  inconclusive: string[];
  /** Claims whose every rung was skipped (the trainer does not support their requests). */
  skipped: string[];
  seconds: number;
}

/** Claims catching the trainer: disagreeing or inconclusive. */
export function caughtBy(row: KillRow): string[] {
  return [...row.disagree, ...row.inconclusive];
}

/** The row of one trainer's report. */
export function killRow(report: Report, group: KillRow['group'], file?: string, bug?: string): KillRow {
  const has = (claim: Report['claims'][number], verdict: string) => claim.results.some((r) => r.verdict === verdict);
  return {
    trainer: report.trainer,
    ...(file ? { file } : {}),
    group,
    ...(bug ? { bug } : {}),
    disagree: report.claims.filter((c) => has(c, 'disagrees')).map((c) => c.id),
    inconclusive: report.claims.filter((c) => !has(c, 'disagrees') && has(c, 'inconclusive')).map((c) => c.id),
    skipped: report.claims.filter((c) => c.results.length > 0 && c.results.every((r) => r.verdict === 'skipped')).map((c) => c.id),
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
    const report = await runClaims(options.claims, { seed: options.seed, scale: options.scale, trainer, shrink: false, ...(options.runs !== undefined ? { runs: options.runs } : {}) });
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

/** reports/kill-matrix.md: a row per trainer with the claims that catch it, the totals, then the blind spots. */
export function killMatrixMarkdown(rows: readonly KillRow[], meta: KillMatrixMeta, root = process.cwd()): string {
  const broken = rows.filter((r) => r.group === 'broken');
  const invisible = rows.filter((r) => r.group === 'invisible');
  const caught = broken.filter((r) => caughtBy(r).length > 0);
  const escaped = broken.filter((r) => caughtBy(r).length === 0);
  const referenceCaught = rows.filter((r) => r.group === 'reference').flatMap(caughtBy);
  const short = (id: string) => `\`${id}\``;
  const cell = (r: KillRow) =>
    [...r.disagree.map(short), ...r.inconclusive.map((id) => `${short(id)} (inconclusive)`)].join(', ') || '**none**';
  const rel = (file: string) => (file.startsWith(root) ? file.slice(root.length + 1) : file);
  const line = (r: KillRow) => {
    const name = r.file ? `[${r.trainer}](../${rel(r.file)})` : r.trainer;
    const bug = (r.bug ?? (r.file ? '' : 'none: the reference trainer')).replace(/\|/g, '\\|');
    return `| ${name} | ${bug} | ${cell(r)} | ${caughtBy(r).length} | ${r.skipped.length} | ${r.seconds.toFixed(0)} |`;
  };
  const header = ['| trainer | bug | caught by | claims | skipped | seconds |', '|---|---|---|---|---|---|'];
  const lines = [
    '# Kill matrix',
    '',
    `The claim suite (${meta.claims.length} claims, scale ${meta.scale}, seed ${meta.seed}${meta.runs ? `, ${meta.runs} trials per rung` : ''}) run against the reference trainer and against each broken trainer of \`test/fixtures/broken-trainers/\`, each with one realistic bug. A claim catches a trainer when one of its gated rungs does not agree with the paper under it (disagrees, or stays inconclusive): what makes \`theorycheck run --trainer FILE\` exit 1. "skipped" counts claims none of whose requests the trainer serves. Regenerate with \`npm run kill-matrix\`.`,
    '',
    `**${caught.length} of ${broken.length} broken trainers caught**; the reference trainer is caught by ${referenceCaught.length ? referenceCaught.join(', ') : 'no claim'}.${escaped.length ? ` Not caught: ${escaped.map((r) => r.trainer).join(', ')}.` : ''}`,
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
