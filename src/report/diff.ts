// `theorycheck diff BASE.json NEW.json`: the rungs of two reports whose verdict changed or whose pass rate moved
// beyond both 95% intervals (the new rate outside the base interval and the base rate outside the new one).
// A regression is a gated rung that got worse: its verdict fell (agrees → inconclusive or not checked →
// disagrees), or its rate moved significantly away from the paper's prediction (down on a holds rung, up on a
// fails rung).
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError, errorText } from '../contract/errors';
import type { Report, RungResult } from '../contract/report';
import { table } from './console';

type Change = 'regression' | 'improvement' | 'moved' | 'added' | 'removed';

/** What a diff needs of a rung. */
export type RungSide = Pick<RungResult, 'passes' | 'runs' | 'passRate' | 'interval' | 'verdict' | 'expected'>;

interface RungDiff {
  claim: string;
  rung: string;
  expected: RungResult['expected'];
  base?: RungSide;
  next?: RungSide;
  change: Change;
  why: string;
}

export interface ReportDiff {
  base: { trainer: string; seed: number; scale: string };
  next: { trainer: string; seed: number; scale: string };
  /** Rungs present in both reports. */
  compared: number;
  changes: RungDiff[];
  regressions: number;
}

/** Worse to better; observed is outside the order. A rung not checked is no better than an inconclusive one. */
const RANK: Partial<Record<RungResult['verdict'], number>> = { disagrees: 0, inconclusive: 1, 'not-checked': 1, agrees: 2 };

/**
 * The Wilson endpoints are a few floating-point operations from exact, so a rate of 0 or 1 sits on its own
 * endpoint only up to rounding: a rate counts as outside when it is beyond the endpoint by more than that.
 */
const ENDPOINT_ROUNDING = 16 * Number.EPSILON;

/** Both rates outside the other's 95% interval. */
export function movedBeyondIntervals(base: RungSide, next: RungSide): boolean {
  if (base.runs === 0 || next.runs === 0) return false;
  const outside = (rate: number, [lo, hi]: [number, number]) => rate < lo - ENDPOINT_ROUNDING || rate > hi + ENDPOINT_ROUNDING;
  return outside(next.passRate, base.interval) && outside(base.passRate, next.interval);
}

function compareRung(claim: string, rung: string, base: RungSide, next: RungSide): RungDiff | undefined {
  const expected = next.expected;
  const entry = { claim, rung, expected, base, next };
  const rate = (s: RungSide) => `${s.passes}/${s.runs}`;
  if (base.verdict !== next.verdict) {
    const from = RANK[base.verdict];
    const to = RANK[next.verdict];
    const why = `verdict ${base.verdict} → ${next.verdict} (${rate(base)} → ${rate(next)})`;
    if (from !== undefined && to !== undefined) return { ...entry, change: to < from ? 'regression' : to > from ? 'improvement' : 'moved', why };
    // Between observe and a gated expectation (a changed ladder): judged by the new verdict.
    if (to === undefined) return { ...entry, change: 'moved', why };
    return { ...entry, change: to === RANK.agrees ? 'improvement' : 'regression', why };
  }
  if (!movedBeyondIntervals(base, next)) return undefined;
  const why = `pass rate ${base.passRate.toFixed(2)} → ${next.passRate.toFixed(2)}, beyond both 95% intervals`;
  if (expected === 'observe') return { ...entry, change: 'moved', why };
  const away = expected === 'holds' ? next.passRate < base.passRate : next.passRate > base.passRate;
  return { ...entry, change: away ? 'regression' : 'improvement', why };
}

export function diffReports(base: Report, next: Report): ReportDiff {
  const changes: RungDiff[] = [];
  let compared = 0;
  const rungsOf = (report: Report) => {
    const map = new Map<string, { claim: string; rung: string; result: RungResult }>();
    for (const claim of report.claims) for (const result of claim.results) map.set(`${claim.id}\u0000${result.scale.name}`, { claim: claim.id, rung: result.scale.name, result });
    return map;
  };
  const before = rungsOf(base);
  const after = rungsOf(next);
  for (const [key, { claim, rung, result }] of after) {
    const old = before.get(key);
    if (!old) {
      changes.push({ claim, rung, expected: result.expected, next: result, change: 'added', why: 'not in the base report' });
      continue;
    }
    compared++;
    const diff = compareRung(claim, rung, old.result, result);
    if (diff) changes.push(diff);
  }
  for (const [key, { claim, rung, result }] of before) {
    if (!after.has(key)) changes.push({ claim, rung, expected: result.expected, base: result, change: 'removed', why: 'not in the new report' });
  }
  const summary = (r: Report) => ({ trainer: r.trainer, seed: r.seed, scale: r.scale });
  if (compared === 0) {
    const claims = (r: Report) => r.claims.map((c) => c.id).join(', ') || 'none';
    throw new InputError('diff', `base claims: ${claims(base)}; new claims: ${claims(next)}`, 'two reports with at least one rung in common (the same claim at the same scale)');
  }
  return { base: summary(base), next: summary(next), compared, changes, regressions: changes.filter((c) => c.change === 'regression').length };
}

const side = (s?: RungSide) => (s ? `${s.passes}/${s.runs} ${s.passRate.toFixed(2)} [${s.interval[0].toFixed(2)}, ${s.interval[1].toFixed(2)}] ${s.verdict}` : '—');

/** The changed rungs as a plain table, regressions first, then a one-line count. */
export function diffTable(diff: ReportDiff): string {
  const order: Change[] = ['regression', 'improvement', 'moved', 'added', 'removed'];
  const rows = [...diff.changes]
    .sort((x, y) => order.indexOf(x.change) - order.indexOf(y.change))
    .map((c) => [c.change, c.claim, c.rung, c.expected, side(c.base), side(c.next)]);
  const count = (change: Change) => diff.changes.filter((c) => c.change === change).length;
  const head = `base: trainer ${diff.base.trainer}, seed ${diff.base.seed}, scale ${diff.base.scale}; new: trainer ${diff.next.trainer}, seed ${diff.next.seed}, scale ${diff.next.scale}\n`;
  const body = rows.length ? `\n${table(['change', 'claim', 'rung', 'expected', 'base', 'new'], rows)}` : '\nno rung changed its verdict or moved beyond both intervals\n';
  const tail = `\n${diff.compared} rungs compared: ${count('regression')} regressions, ${count('improvement')} improvements, ${count('moved')} moved, ${count('added')} added, ${count('removed')} removed\n`;
  return head + body + tail;
}

// What diff reads of a report.json: enough to compare, nothing more (other fields may change across versions).
const sideSchema = z.looseObject({
  scale: z.looseObject({ name: z.string() }),
  runs: z.number().int().min(0),
  passes: z.number().int().min(0),
  passRate: z.number().min(0).max(1),
  interval: z.tuple([z.number(), z.number()]),
  expected: z.enum(['holds', 'fails', 'observe']),
  // Reports of version 1 called a rung without scored trials "skipped": the same as not checked.
  verdict: z.enum(['agrees', 'disagrees', 'inconclusive', 'not-checked', 'skipped', 'observed']).transform((v) => (v === 'skipped' ? 'not-checked' : v)),
});
const reportSchema = z.looseObject({
  trainer: z.string(),
  seed: z.number(),
  scale: z.string(),
  claims: z.array(z.looseObject({ id: z.string(), results: z.array(sideSchema) })),
});

/** A report.json (or a run's directory holding one), checked enough to diff. */
export function readReport(file: string, flag: string): Report {
  const path = existsSync(file) && !file.endsWith('.json') && existsSync(`${file}/report.json`) ? `${file}/report.json` : file;
  if (!existsSync(path)) throw new InputError(flag, file, 'an existing report.json (or the --out directory of a run)');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(flag, file, `a report.json (it does not parse: ${errorText(err)})`);
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${flag} ${issue.path.join('.')}`, file, `a report.json written by theorycheck run (${issue.message})`);
  }
  // A shard's rates are over its share of the trials: set beside a whole run's they would differ by chance alone.
  const shard = (json as { shard?: { index?: unknown; count?: unknown } }).shard;
  if (shard) throw new InputError(flag, file, `the report of a whole run, not of shard ${String(shard.index)}/${String(shard.count)}: combine the shards with \`theorycheck merge\` first`);
  return parsed.data as unknown as Report;
}
