import type { ClaimResult, Report, RungResult } from '../contract/report';
import { claimCountsLine, expectedText, fmt, gapText, OUTCOME_LABEL, outcomeDetails, percent, rungCountsLine, rungExtra, rungLabel, trainerCheckLine, transitionLines } from './format';

/** report.md: the run's verdict, then one table per claim with the rung parameters, rates, intervals and verdicts. */
export function reportMarkdown(report: Report): string {
  const { summary } = report;
  const check = trainerCheckLine(report);
  const lines = [
    '# theorycheck report',
    '',
    `Seed ${report.seed} · trainer \`${report.trainer}\` · scale ${report.scale} · ${report.claims.length} claims · ${report.seconds.toFixed(1)} s`,
    '',
    `**Verdict: ${OUTCOME_LABEL[summary.outcome]}** (exit ${summary.exitCode}). ${claimCountsLine(summary, report.claims.length)}; ${rungCountsLine(summary)}.${trialCounts(report)}`,
    '',
    ...(check ? [`${check[0].toUpperCase()}${check.slice(1)}.`, ''] : []),
    ...outcomeDetails(report).map((d) => `- ${d}`),
    ...(outcomeDetails(report).length ? [''] : []),
    '| claim | gated rungs agreeing | verdict |',
    '|---|---|---|',
    ...report.claims.map((c) => {
      const gated = c.results.filter((r) => r.expected !== 'observe');
      const ok = gated.filter((r) => r.verdict === 'agrees').length;
      const verdict = c.verdict === 'agrees' || c.verdict === 'observe-only' ? c.verdict : `**${c.verdict}**`;
      return `| [${c.id}](#${anchor(c.id)}) | ${ok}/${gated.length} | ${verdict} |`;
    }),
    '',
  ];
  if (report.trainerCheck) lines.push(...trainerCheckSection(report), '');
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

function trainerCheckSection(report: Report): string[] {
  const check = report.trainerCheck!;
  return [
    '## Trainer check',
    '',
    `Before the claims, the trainer trains ${check.probes.length} small standard problems, one per kind of request the claims make. On each it must bring the loss (on the whole data, at its returned weights) at least to where the reference trainer is after half the requested steps, move every layer the request trains at least half as far as the reference does, and leave every frozen layer as it was.`,
    '',
    '| problem | loss: initial → trainer | reference after ½ / all steps | layers moved (trainer / reference) | result |',
    '|---|---|---|---|---|',
    ...check.probes.map((p) => {
      if (!p.supported) return `| ${p.name} | | | | declined by the trainer |`;
      const loss = p.loss ? `${fmt(p.loss.initial)} → ${fmt(p.loss.trained)}` : '';
      const ref = p.loss ? `${fmt(p.loss.referenceHalf)} / ${fmt(p.loss.reference)}` : '';
      const moved = Object.entries(p.moved ?? {}).map(([layer, m]) => `${layer} ${fmt(m.trained)} / ${fmt(m.reference)}`).join(', ');
      return `| ${p.name} | ${loss} | ${ref} | ${moved} | ${p.pass ? 'trained' : `**failed**: ${p.why}`} |`;
    }),
  ];
}

function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

function claimSection(claim: ClaimResult): string[] {
  const obsNames = [...new Set(claim.results.flatMap((r) => Object.keys(r.observables)))];
  const out = [`## ${claim.id}`, '', `*${claim.paper}*${claim.source ? ` (${claim.source})` : ''}: ${claim.statement}`, '', `Verdict: **${claim.verdict}**.`, ''];
  if (claim.plot?.threshold) {
    const t = claim.plot.threshold;
    out.push(`Predicted threshold: ${claim.plot.x} = ${fmt(t.value)} (${t.label}${t.derived ? '; derived' : ''}).`, '');
  }
  if (claim.transition) {
    const [intro, ...lines] = transitionLines(claim.transition);
    out.push(intro, '', ...lines.map((l) => `- ${l}`), '');
  }
  out.push(
    `| rung | runs | pass rate | 95% interval | expected | detectable gap | verdict |${obsNames.map((n) => ` ${n} |`).join('')}`,
    `|---|---|---|---|---|---|---|${obsNames.map(() => '---|').join('')}`,
  );
  for (const r of claim.results) out.push(rungRow(r, obsNames));
  out.push(
    '',
    'Observables: median [10%, 90%] over the rung\'s trials; a reference value, where the paper or the calibration gives one, follows "ref". Detectable gap: how far a gated rung\'s pass rate must miss its target, with the trials it scored, before the rung can disagree.',
  );
  const extras = claim.results.flatMap((r) => rungExtras(r));
  if (extras.length) out.push('', ...extras);
  if (claim.notes?.length) out.push('', ...claim.notes.map((n) => `- ${n}`));
  return out;
}

function rungRow(r: RungResult, obsNames: string[]): string {
  const extra = rungExtra(r);
  const obs = obsNames.map((n) => {
    const s = r.observables[n];
    const ref = r.reference?.[n];
    return ` ${s ? `${fmt(s.median)} [${fmt(s.q10)}, ${fmt(s.q90)}]` : ''}${ref !== undefined ? ` ref ${fmt(ref)}` : ''} |`;
  });
  const verdict = r.verdict === 'disagrees' || r.verdict === 'not-checked' ? `**${r.verdict}**` : r.verdict;
  return `| ${rungLabel(r)} | ${r.passes}/${r.runs}${extra ? ` (${extra})` : ''} | ${percent(r.passRate)} | [${fmt(r.interval[0])}, ${fmt(r.interval[1])}] | ${expectedText(r)} | ${gapText(r)} | ${verdict} |${obs.join('')}`;
}

function rungExtras(r: RungResult): string[] {
  const out: string[] = [];
  if (r.reasons.length) out.push(`- ${r.scale.name}: ${r.reasons.join('; ')}`);
  if (r.counterexample) {
    out.push(`- ${r.scale.name}: counterexample after ${r.counterexample.shrinks} shrinks: \`${JSON.stringify(r.counterexample.instance)}\`; replay: \`${r.counterexample.replay}\``);
  }
  return out;
}
