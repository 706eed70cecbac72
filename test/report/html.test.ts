import { describe, expect, it } from 'vitest';
import { recoveryThreshold } from '../../properties/quadratic/recovery-threshold';
import { runClaims } from '../../src/runner/run';
import type { Report } from '../../src/contract/report';
import { claimAnchor, escapeHtml, reportHtml, TIMING_CLASS } from '../../src/report/html';
import { claimPlots } from '../../src/report/plots';
import { referenceTrainer } from '../../src/core/train/reference';
import { coinClaim, thresholdClaim } from '../helpers/toy-claims';

const claims = [recoveryThreshold, coinClaim, thresholdClaim];
const run = () => runClaims(claims, { seed: 7, trainer: referenceTrainer, scale: 'small' });

async function page(report: Report): Promise<string> {
  return reportHtml(report, await claimPlots(report.claims));
}

const withoutTimingText = (html: string): string => html.replace(new RegExp(`<span class="${TIMING_CLASS}">[^<]*</span>`, 'g'), '<span class="timing"></span>');

describe('report.html', () => {
  it('is one self-contained page: inline SVG and CSS, no script, nothing fetched', async () => {
    const html = await page(await run());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toMatch(/<style>[^]*<\/style>/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|@import|url\(\s*['"]?https?:/i);
    // The only URLs are XML namespaces of the inline SVG, which nothing fetches.
    for (const url of html.match(/https?:\/\/[^"'\s)]+/g) ?? []) expect(url).toMatch(/^http:\/\/www\.w3\.org\//);
  });

  it('has a summary of claim verdicts and, per claim, its paper, statement, plot and rung table', async () => {
    const report = await run();
    const html = await page(report);
    const counts = report.summary.claims;
    expect(counts).toMatchObject({ agrees: 2, disagrees: 1 });
    expect(html).toContain(`<li class="agrees"><b>${counts.agrees}</b>claims agree</li>`);
    expect(html).toContain(`<li class="disagrees"><b>${counts.disagrees}</b>claims disagree</li>`);
    expect(html).toContain('<li class="inconclusive"><b>0</b>claims inconclusive</li>');
    expect(html).toContain('<li class="not-checked"><b>0</b>claims not checked</li>');
    expect(html).toContain('<li class="observe-only"><b>0</b>claims observe only</li>');
    expect(html).toContain('data-outcome="disagrees"');
    for (const c of report.claims) {
      const start = html.indexOf(`<section class="claim" id="${claimAnchor(c.id)}"`);
      expect(start, c.id).toBeGreaterThan(0);
      const section = html.slice(start, html.indexOf('</section>', start));
      expect(section).toContain(`data-verdict="${c.verdict}"`);
      expect(section).toContain(escapeHtml(c.statement));
      expect(section).toContain(escapeHtml(c.paper));
      expect(section.match(/<svg /g)?.length).toBe(1);
      expect(section.match(/<tr data-verdict=/g)?.length).toBe(c.results.length);
      expect(html).toContain(`href="#${claimAnchor(c.id)}"`);
    }
    expect(html).toContain(escapeHtml(recoveryThreshold.plot!.threshold!.label));
  });

  it('shows a counterexample with its replay command', async () => {
    const report = await run();
    const html = await page(report);
    const counterexample = report.claims.find((c) => c.id === thresholdClaim.id)!.results[0].counterexample!;
    expect(counterexample).toBeDefined();
    expect(html).toContain(`<code class="replay">${escapeHtml(counterexample.replay)}</code>`);
    expect(html).toContain('<b>Counterexample</b>');
  });

  it('opens with where it fails: each gated rung that does not agree, by family, with its replay line', async () => {
    const report = await run();
    const html = await page(report);
    const failing = report.claims.flatMap((c) => c.results.filter((r) => r.expected !== 'observe' && r.verdict !== 'agrees').map((r) => ({ c, r })));
    expect(failing.length).toBeGreaterThan(0);
    const section = html.slice(html.indexOf('<section id="where-it-fails">'), html.indexOf('</section>'));
    expect(html.indexOf('<section id="where-it-fails">')).toBeLessThan(html.indexOf('<section class="claim"'));
    expect(section).toContain(`<h2>Where it fails: ${failing.length} gated rung`);
    for (const { c, r } of failing) {
      expect(section).toContain(`<a href="#${claimAnchor(c.id)}"><code>${escapeHtml(c.id)}</code></a> ${escapeHtml(r.scale.name)}: `);
      if (r.counterexample) expect(section).toContain(escapeHtml(r.counterexample.replay));
    }
    // A run whose gated rungs all agree has no such section.
    const clean = await runClaims([coinClaim], { seed: 7, trainer: referenceTrainer, scale: 'small' });
    expect(clean.summary.outcome).toBe('agrees');
    expect(await page(clean)).not.toContain('<section id="where-it-fails">');
  });

  it('says when the report is one shard of a run', async () => {
    const report = await run();
    expect(await page(report)).not.toContain('Shard ');
    expect(await page({ ...report, shard: { index: 2, count: 3 } })).toContain('<b>Shard 2/3</b>: rates over this shard');
  });

  it('escapes text from claims', async () => {
    const report = await run();
    report.claims[1] = { ...report.claims[1], statement: 'a < b & "c"', notes: ['<script>x</script>'] };
    const html = await page(report);
    expect(html).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('is the same for the same seed apart from its timing text', async () => {
    const [a, b] = [await page(await run()), await page(await run())];
    expect(withoutTimingText(a)).toBe(withoutTimingText(b));
    // Timing is only in the marked spans: changing every timing field changes nothing else.
    const report = await run();
    const slow: Report = JSON.parse(JSON.stringify(report, (k, v) => (k === 'seconds' ? 1234.5 : k === 'startedAt' ? '2000-01-01T00:00:00.000Z' : v)));
    const [fast, late] = [await page(report), await page(slow)];
    expect(late).toContain(`<span class="${TIMING_CLASS}">1234.5 s</span>`);
    expect(withoutTimingText(late)).toBe(withoutTimingText(fast));
  });
});
