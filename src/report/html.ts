// report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched). A summary of the
// claims' verdicts, then per claim its paper and statement, its plot, the table of rungs, counterexamples
// with their replay commands, and notes. Timing text sits in <span class="timing">: apart from it the page
// is a pure function of the report.
import type { ClaimResult, Report, RungResult } from '../contract/report';
import { formatParam } from '../contract/claim';
import { replayCommand } from '../core/check/falsify';
import { CLAIM_LABEL, CLAIM_ORDER, expectedText, fmt, gapText, OUTCOME_LABEL, outcomeDetails, percent, rungCountsLine, rungExtra, rungLabel, trainerCheckLine, transitionLines } from './format';
import { plotData, type PlotData } from './plot-data';

export const TIMING_CLASS = 'timing';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const timing = (text: string): string => `<span class="${TIMING_CLASS}">${escapeHtml(text)}</span>`;
const badge = (v: string): string => `<span class="badge ${v}">${v}</span>`;

/** The claim's anchor: ids are `family.name`, already safe apart from the dot. */
export function claimAnchor(id: string): string {
  return `claim-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

const STYLE = `
:root { color-scheme: light; --fg: #1d1f21; --muted: #5f6368; --line: #dadce0; --agrees: #1e7e34; --disagrees: #c62828; --inconclusive: #d9822b; --not-checked: #6d4c9f; --observed: #3b6ea5; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 24px 28px 64px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 4px; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
.meta, .paper { color: var(--muted); margin: 0 0 8px; }
.counts { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 120px; }
.counts b { display: block; font-size: 22px; }
.counts .agrees b { color: var(--agrees); } .counts .disagrees b { color: var(--disagrees); }
.counts .inconclusive b { color: var(--inconclusive); } .counts .not-checked b { color: var(--not-checked); } .counts .observe-only b { color: var(--observed); }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; display: block; max-width: 100%; overflow-x: auto; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; white-space: nowrap; }
th { font-weight: 600; white-space: nowrap; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff; background: var(--observed); }
.badge.agrees { background: var(--agrees); } .badge.disagrees { background: var(--disagrees); } .badge.inconclusive { background: var(--inconclusive); } .badge.not-checked { background: var(--not-checked); }
.outcome { font-size: 16px; margin: 10px 0; } .outcome.agrees b { color: var(--agrees); } .outcome b { color: var(--disagrees); }
section.claim { border-top: 2px solid var(--line); padding-top: 18px; margin-top: 26px; }
.statement { font-size: 15px; margin: 6px 0 10px; }
figure.plot { margin: 8px 0; overflow-x: auto; }
figure.plot svg { height: auto; } /* at its own size (text at 12 px and more), scrolled sideways on a narrow screen */
figcaption, .note { color: var(--muted); font-size: 12.5px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; background: #f4f5f7; padding: 1px 4px; border-radius: 3px; word-break: break-all; }
.counterexample { border-left: 3px solid var(--disagrees); padding: 4px 12px; margin: 8px 0; background: #fdf5f5; }
.counterexample.tail { border-left-color: #999; background: #f6f6f6; }
#where-it-fails { border: 1px solid var(--disagrees); padding: 4px 16px 8px; margin: 16px 0; }
#where-it-fails li { margin: 6px 0; }
ul.notes { padding-left: 18px; color: var(--muted); }
`;

/** report.html, given each claim's rendered SVG (from claimPlots). */
export function reportHtml(report: Report, plots: ReadonlyMap<string, string>): string {
  const title = `theorycheck report · ${report.scale} · seed ${report.seed}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...header(report),
    ...whereItFails(report),
    ...report.claims.map((c) => claimSection(c, plots.get(c.id), report.trainer)),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header(report: Report): string[] {
  const { summary } = report;
  const check = trainerCheckLine(report);
  const details = outcomeDetails(report);
  return [
    '<header>',
    '<h1>theorycheck report</h1>',
    `<p class="meta">Seed ${report.seed} · trainer <code>${escapeHtml(report.trainer)}</code> · scale ${escapeHtml(report.scale)} · ${report.claims.length} claims · started ${timing(report.startedAt)} · ${timing(`${report.seconds.toFixed(1)} s`)}</p>`,
    ...(report.shard ? [`<p class="note"><b>Shard ${report.shard.index}/${report.shard.count}</b>: rates over this shard's trials only; \`theorycheck merge\` combines the shards into the report of the whole run.</p>`] : []),
    `<p class="outcome ${summary.outcome}" id="outcome" data-outcome="${summary.outcome}">Verdict: <b>${escapeHtml(OUTCOME_LABEL[summary.outcome])}</b> (exit ${summary.exitCode})</p>`,
    `<ul class="counts" id="summary">${CLAIM_ORDER.map((v) => `<li class="${v}"><b>${summary.claims[v]}</b>claims ${CLAIM_LABEL[v]}</li>`).join('')}</ul>`,
    ...(check ? [`<p class="note" id="trainer-check">${escapeHtml(check)}.</p>`] : []),
    ...(details.length ? ['<ul class="notes" id="outcome-details">', ...details.map((d) => `<li>${escapeHtml(d)}</li>`), '</ul>'] : []),
    `<p class="note">${escapeHtml(`${rungCountsLine(summary)}.`)} A claim agrees when every gated rung was scored and agrees with the paper's prediction (holds: pass rate ≥ target; fails: ≤ target); it disagrees when a rung's whole 95% interval misses its target; it is not checked when a gated rung's trials were mostly not scored (the trainer declined the request, or a premise of the check was not met). Observe rungs are shown without a verdict and never count as agreeing.</p>`,
    '<table class="claims">',
    '<thead><tr><th>claim</th><th>paper</th><th>gated rungs agreeing</th><th>verdict</th></tr></thead>',
    '<tbody>',
    ...report.claims.map((c) => {
      const gated = c.results.filter((r) => r.expected !== 'observe');
      const ok = gated.filter((r) => r.verdict === 'agrees').length;
      return `<tr><td><a href="#${claimAnchor(c.id)}"><code>${escapeHtml(c.id)}</code></a></td><td>${escapeHtml(c.paper)}</td><td class="num">${ok}/${gated.length}</td><td>${badge(c.verdict)}</td></tr>`;
    }),
    '</tbody>',
    '</table>',
    '</header>',
  ];
}

/** The line that replays a rung's failure: its counterexample's, or its first failing trial's. */
function rungReplay(claim: ClaimResult, r: RungResult): string | undefined {
  if (r.counterexample) return r.counterexample.replay;
  return r.failingSeeds.length ? replayCommand(claim.id, r.failingSeeds[0], r.scale.params) : undefined;
}

/**
 * The first screen's answer to "did my trainer pass, and if not, where": every gated rung that does not agree,
 * by family, with its rate against the target and the line that replays it. Nothing when every gated rung agrees.
 */
function whereItFails(report: Report): string[] {
  const failing = report.claims.flatMap((claim) => claim.results.filter((r) => r.expected !== 'observe' && r.verdict !== 'agrees').map((r) => ({ claim, r })));
  if (!failing.length) return [];
  const families = [...new Set(failing.map(({ claim }) => claim.id.split('.')[0]))];
  const trainerNote = report.trainer === 'reference' ? '' : ` (with --trainer for the ${report.trainer} trainer)`;
  return [
    '<section id="where-it-fails">',
    `<h2>Where it fails: ${failing.length} gated rung${failing.length === 1 ? '' : 's'}</h2>`,
    ...families.flatMap((family) => [
      `<h3>${escapeHtml(family)}</h3>`,
      '<ul>',
      ...failing
        .filter(({ claim }) => claim.id.split('.')[0] === family)
        .map(({ claim, r }) => {
          const replay = rungReplay(claim, r);
          return `<li><a href="#${claimAnchor(claim.id)}"><code>${escapeHtml(claim.id)}</code></a> ${escapeHtml(r.scale.name)}: ${badge(r.verdict)} ${r.passes}/${r.runs} against ${escapeHtml(expectedText(r))}${replay ? `<br>replay: <code class="replay">${escapeHtml(replay)}</code>${r.counterexample ? '' : escapeHtml(trainerNote)}` : ''}</li>`;
        }),
      '</ul>',
    ]),
    '</section>',
  ];
}

function claimSection(claim: ClaimResult, svg: string | undefined, trainer: string): string {
  const data = plotData(claim);
  const { verdict } = claim;
  const out = [
    `<section class="claim" id="${claimAnchor(claim.id)}" data-claim="${escapeHtml(claim.id)}" data-verdict="${verdict}" data-threshold="${claim.plot?.threshold ? 'yes' : 'no'}">`,
    `<h2>${escapeHtml(claim.id)} ${badge(verdict)}</h2>`,
    `<p class="paper">${escapeHtml(claim.paper)}${claim.source ? ` — ${escapeHtml(claim.source)}` : ''} · ${timing(`${claim.seconds.toFixed(1)} s`)}</p>`,
    `<p class="statement">${escapeHtml(claim.statement)}</p>`,
  ];
  if (svg && data) {
    out.push('<figure class="plot">', svg, `<figcaption>${escapeHtml(caption(data))}</figcaption>`, '</figure>');
  } else {
    out.push('<p class="note">No plot: no rung parameter to plot against.</p>');
  }
  if (claim.transition) {
    const [intro, ...lines] = transitionLines(claim.transition);
    out.push(`<div class="transition"><p class="note">${escapeHtml(intro)}</p><ul>`, ...lines.map((l) => `<li>${escapeHtml(l)}</li>`), '</ul></div>');
  }
  out.push(...rungTable(claim), ...extras(claim, trainer));
  if (claim.notes?.length) out.push('<ul class="notes">', ...claim.notes.map((n) => `<li>${escapeHtml(n)}</li>`), '</ul>');
  out.push('</section>');
  return out.join('\n');
}

function caption(data: PlotData): string {
  const parts = [`Pass rate against ${data.x}${data.curveBy.length ? `, one curve per ${data.curveBy.join(' and ')}` : ''}; shaded: Wilson 95% interval; markers: the paper's prediction (▲ holds, ▼ fails, ● observe).`];
  const t = data.threshold;
  parts.push(t ? `Dashed rule: the predicted threshold ${data.x} = ${fmt(t.value)} (${t.label}${t.derived ? '; derived here, not quoted' : ''}).` : 'No predicted threshold on this axis: the paper predicts the same outcome on every rung of a series.');
  if (data.located.length) parts.push('Dotted: the logistic curve fitted to a series; thick bar at ½: its located threshold\'s 95% interval (tick: the 50% point, absent where the rungs separate).');
  if (data.observables.length) parts.push(`Right: ${data.observables.join(', ')} measured (median, 10–90%) against the reference value (dashed).`);
  if (data.omitted.length) parts.push(`Not drawn: ${data.omitted.map((o) => `${o.rung} (${o.why})`).join('; ')}.`);
  return parts.join(' ');
}

function rungTable(claim: ClaimResult): string[] {
  const obsNames = [...new Set(claim.results.flatMap((r) => [...Object.keys(r.observables), ...Object.keys(r.reference ?? {})]))];
  return [
    '<table class="rungs">',
    `<thead><tr><th>rung</th><th>passes</th><th>pass rate</th><th>95% interval</th><th>expected</th><th title="how far the pass rate must miss its target, with the trials scored, before the rung can disagree">detectable gap</th><th>verdict</th>${obsNames.map((n) => `<th>${escapeHtml(n)}</th>`).join('')}<th>time</th></tr></thead>`,
    '<tbody>',
    ...claim.results.map((r) => rungRow(r, obsNames)),
    '</tbody>',
    '</table>',
    '<p class="note">Observables: median [10%, 90%] over the rung\'s trials; "ref" is the reference value the claim gives (paper or calibration).</p>',
  ];
}

function rungRow(r: RungResult, obsNames: string[]): string {
  const extra = rungExtra(r);
  const obs = obsNames.map((n) => {
    const s = r.observables[n];
    const ref = r.reference?.[n];
    const text = `${s ? `${fmt(s.median)} [${fmt(s.q10)}, ${fmt(s.q90)}]` : ''}${ref !== undefined ? ` ref ${fmt(ref)}` : ''}`;
    return `<td class="num">${escapeHtml(text.trim())}</td>`;
  });
  const params = Object.entries(r.scale.params).map(([k, v]) => `${k}=${formatParam(v)}`).join(', ');
  return `<tr data-verdict="${r.verdict}"><td title="${escapeHtml(params)}">${escapeHtml(rungLabel(r))}</td><td class="num">${r.passes}/${r.runs}${extra ? ` (${escapeHtml(extra)})` : ''}</td><td class="num">${percent(r.passRate)}</td><td class="num">[${fmt(r.interval[0])}, ${fmt(r.interval[1])}]</td><td>${escapeHtml(expectedText(r))}</td><td class="num">${gapText(r)}</td><td>${badge(r.verdict)}</td>${obs.join('')}<td class="num">${timing(`${r.seconds.toFixed(2)} s`)}</td></tr>`;
}

function extras(claim: ClaimResult, trainer: string): string[] {
  const out: string[] = [];
  const trainerNote = trainer === 'reference' ? '' : ` (with --trainer for the ${trainer} trainer)`;
  for (const r of claim.results) {
    if (r.counterexample) {
      const c = r.counterexample;
      // Red where the rung disagrees; a counterexample of an agreeing rung is the tail its target allows.
      out.push(
        `<div class="counterexample${r.verdict === 'agrees' ? ' tail' : ''}">`,
        `<p><b>Counterexample</b> on rung ${escapeHtml(r.scale.name)}, after ${c.shrinks} shrinks${c.reason ? `: ${escapeHtml(c.reason)}` : ''}</p>`,
        `<p>instance <code>${escapeHtml(JSON.stringify(c.instance))}</code> · observables <code>${escapeHtml(Object.entries(c.observables).map(([k, v]) => `${k} = ${fmt(v)}`).join(', '))}</code></p>`,
        `<p>replay: <code class="replay">${escapeHtml(c.replay)}</code></p>`,
        '</div>',
      );
    } else if (r.failingSeeds.length && r.expected === 'holds') {
      out.push(`<p class="note">${escapeHtml(r.scale.name)}: failing trials, replay one with <code class="replay">${escapeHtml(replayCommand(claim.id, r.failingSeeds[0], r.scale.params))}</code>${escapeHtml(trainerNote)}; other seeds ${escapeHtml(r.failingSeeds.slice(1).join(', ') || 'none')}.</p>`);
    }
    if (r.reasons.length) out.push(`<p class="note">${escapeHtml(r.scale.name)}: ${escapeHtml(r.reasons.join('; '))}</p>`);
  }
  return out;
}
