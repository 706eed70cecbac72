import type { ClaimResult, Report, RungResult } from '../harness/result';

const fmt = (x: number): string => {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(3)));
};

const percent = (x: number): string => `${(100 * x).toFixed(x === 0 || x === 1 ? 0 : 1)}%`;

export function summaryCounts(report: Report): Record<string, number> {
  const counts: Record<string, number> = { agrees: 0, disagrees: 0, inconclusive: 0, skipped: 0, observed: 0 };
  for (const claim of report.claims) for (const r of claim.results) counts[r.verdict]++;
  return counts;
}

/** report.md: a summary, then one table per claim with the rung parameters, rates, intervals and verdicts. */
export function reportMarkdown(report: Report): string {
  const counts = summaryCounts(report);
  const lines = [
    '# theorycheck report',
    '',
    `Seed ${report.seed} · trainer \`${report.trainer}\` · scale ${report.scale} · ${report.claims.length} claims · ${report.seconds.toFixed(1)} s`,
    '',
    `Rungs: ${counts.agrees} agree, ${counts.disagrees} disagree, ${counts.inconclusive} inconclusive, ${counts.skipped} skipped, ${counts.observed} observed only.${trialCounts(report)}`,
    '',
    '| claim | rungs agreeing | verdict |',
    '|---|---|---|',
    ...report.claims.map((c) => {
      const gated = c.results.filter((r) => r.verdict !== 'observed');
      const ok = gated.filter((r) => r.verdict === 'agrees' || r.verdict === 'skipped').length;
      return `| [${c.id}](#${anchor(c.id)}) | ${ok}/${gated.length} | ${ok === gated.length ? 'agrees' : 'DISAGREES'} |`;
    }),
    '',
  ];
  for (const claim of report.claims) lines.push(...claimSection(claim), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Trials that diverged or failed with an error: each counted as a failed trial of its rung. */
function trialCounts(report: Report): string {
  const sum = (key: 'trials' | 'diverged' | 'errors') => report.claims.reduce((s, c) => s + c.results.reduce((t, r) => t + r[key], 0), 0);
  const diverged = sum('diverged');
  const errors = sum('errors');
  if (!diverged && !errors) return '';
  return ` Of ${sum('trials')} trials, ${diverged} diverged and ${errors} failed with an error (each counted as a failed trial).`;
}

function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

function claimSection(claim: ClaimResult): string[] {
  const obsNames = [...new Set(claim.results.flatMap((r) => Object.keys(r.observables)))];
  const out = [`## ${claim.id}`, '', `*${claim.paper}*${claim.source ? ` (${claim.source})` : ''}: ${claim.statement}`, ''];
  if (claim.plot?.threshold) {
    const t = claim.plot.threshold;
    out.push(`Predicted threshold: ${claim.plot.x} = ${fmt(t.value)} (${t.label}${t.derived ? '; derived' : ''}).`, '');
  }
  out.push(
    `| rung | runs | pass rate | 95% interval | expected | verdict |${obsNames.map((n) => ` ${n} |`).join('')}`,
    `|---|---|---|---|---|---|${obsNames.map(() => '---|').join('')}`,
  );
  for (const r of claim.results) out.push(rungRow(r, obsNames));
  out.push('', 'Observables: median [10%, 90%] over the rung\'s trials; a reference value, where the paper or the calibration gives one, follows "ref".');
  const extras = claim.results.flatMap((r) => rungExtras(r));
  if (extras.length) out.push('', ...extras);
  if (claim.notes?.length) out.push('', ...claim.notes.map((n) => `- ${n}`));
  return out;
}

function rungRow(r: RungResult, obsNames: string[]): string {
  const expected = r.expected === 'observe' ? 'observe' : `${r.expected} (${r.expected === 'holds' ? '≥' : '≤'} ${percent(r.target ?? 0)})`;
  const extra = [r.planned ? `stopped after ${r.trials} of ${r.planned} trials` : '', r.notScored ? `${r.notScored} not scored` : '', r.diverged ? `${r.diverged} diverged` : '', r.errors ? `${r.errors} errors` : '', r.skipped ? `${r.skipped} skipped` : '']
    .filter(Boolean)
    .join(', ');
  const obs = obsNames.map((n) => {
    const s = r.observables[n];
    const ref = r.reference?.[n];
    return ` ${s ? `${fmt(s.median)} [${fmt(s.q10)}, ${fmt(s.q90)}]` : ''}${ref !== undefined ? ` ref ${fmt(ref)}` : ''} |`;
  });
  const verdict = r.verdict === 'disagrees' ? '**disagrees**' : r.verdict;
  return `| ${r.scale.name} | ${r.passes}/${r.runs}${extra ? ` (${extra})` : ''} | ${percent(r.passRate)} | [${fmt(r.interval[0])}, ${fmt(r.interval[1])}] | ${expected} | ${verdict} |${obs.join('')}`;
}

function rungExtras(r: RungResult): string[] {
  const out: string[] = [];
  if (r.reasons.length) out.push(`- ${r.scale.name}: ${r.reasons.join('; ')}`);
  if (r.counterexample) {
    out.push(`- ${r.scale.name}: counterexample after ${r.counterexample.shrinks} shrinks: \`${JSON.stringify(r.counterexample.instance)}\`; replay: \`${r.counterexample.replay}\``);
  }
  return out;
}
