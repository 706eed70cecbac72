// Opens report.html of a small run in Debian's chromium (driven by playwright-core) and checks what a reader
// sees: one rendered plot per claim with its axes, the predicted threshold drawn where the claim has one, and
// nothing fetched from the network. Takes a screenshot (the reference one in reports/ when asked, see below).
// No browser: skipped with a message outside CI, a failure in CI (.ci/run installs chromium).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/contract/report';
import { claimAnchor } from '../../src/report/html';
import { MARK, markClass } from '../../src/report/plots';

const root = resolve(import.meta.dirname, '../..');
const executablePath = process.env.THEORYCHECK_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
// The reference screenshot in reports/ is rewritten only when asked (THEORYCHECK_UPDATE_SCREENSHOT=1): a test
// run leaves the tracked files as they were.
const UPDATE_SCREENSHOT = process.env.THEORYCHECK_UPDATE_SCREENSHOT === '1';
const inCI = Boolean(process.env.CI) && !['0', 'false'].includes(String(process.env.CI).toLowerCase());

/** What the page shows for one claim section, measured in the browser. */
interface SectionView {
  id: string;
  threshold: boolean;
  svgs: number;
  svgBox: { width: number; height: number };
  axes: number;
  tickLabels: number;
  rateLines: number;
  rules: { x: number; top: number; height: number; width: number }[];
  labels: string[];
  plotLeft: number;
  plotRight: number;
  /** The smallest font size of any text in the plot, in px. */
  minFont: number;
  /** Pairs of texts whose boxes overlap (the threshold label against every other text). */
  overlaps: string[];
}

describe('report.html in a browser', () => {
  it('shows one plot per claim with axes and the threshold rule, and fetches nothing', async (ctx) => {
    if (!existsSync(executablePath)) {
      const message = `no browser at ${executablePath}: install Debian's chromium (apt-get install chromium) or set THEORYCHECK_CHROMIUM`;
      if (inCI) throw new Error(`${message}; in CI, .ci/run installs it`);
      console.warn(`browser test skipped: ${message}`);
      ctx.skip(`browser test skipped: ${message}`);
    }

    const out = mkdtempSync(join(tmpdir(), 'tc-browser-'));
    // A small run through the command line, as a user makes one: the default ladders of the four algebraic
    // quadratic claims (no training, a few seconds), several values of d per plot as the report shows them.
    const claims = ['energy-barrier', 'empirical-barrier', 'identity-below-barrier', 'recovery-threshold'].map((c) => `quadratic.${c}`);
    await promisify(execFile)(process.execPath, [join(root, 'bin/theorycheck.js'), 'run', '--claim', ...claims, '--scale', 'default', '--seed', '1', '--quiet', '--out', out]).catch((err) => {
      // Exit 1 (a rung disagrees) still writes the report; anything else is a failure here.
      if (err.code !== 1) throw err;
    });
    const report: Report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.claims.map((c) => c.id)).toEqual(claims);

    const browser = await chromium.launch({ executablePath, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      const url = pathToFileURL(join(out, 'report.html')).href;
      await page.goto(url);

      const ruleClass = markClass(MARK.threshold);
      const labelClass = markClass(MARK.thresholdLabel);
      const rateClass = markClass(MARK.rate);
      const views: SectionView[] = await page.$$eval(
        'section.claim',
        (sections, [ruleClass, labelClass, rateClass]) =>
          sections.map((s) => {
            const svg = s.querySelector('figure.plot svg');
            const box = svg?.getBoundingClientRect();
            // The rate panel is the first concat group; its x axis spans the plot's width.
            const xAxis = svg?.querySelector('.role-axis')?.getBoundingClientRect();
            return {
              id: s.getAttribute('data-claim') ?? '',
              threshold: s.getAttribute('data-threshold') === 'yes',
              svgs: s.querySelectorAll('figure.plot svg').length,
              svgBox: { width: box?.width ?? 0, height: box?.height ?? 0 },
              axes: svg?.querySelectorAll('g.role-axis').length ?? 0,
              tickLabels: [...(svg?.querySelectorAll('g.role-axis-label text') ?? [])].filter((t) => (t.textContent ?? '').trim() !== '').length,
              rateLines: svg?.querySelectorAll(`g.${rateClass} path`).length ?? 0,
              rules: [...(svg?.querySelectorAll(`g.${ruleClass} line`) ?? [])].map((l) => {
                const r = l.getBoundingClientRect();
                return { x: r.x, top: r.y, height: r.height, width: r.width };
              }),
              labels: [...(svg?.querySelectorAll(`g.${labelClass} text`) ?? [])].map((t) => t.textContent ?? ''),
              plotLeft: xAxis?.left ?? 0,
              plotRight: xAxis?.right ?? 0,
              // The page's own getComputedStyle (this function runs in the browser; the test's types have no DOM).
              minFont: Math.min(...[...(svg?.querySelectorAll('text') ?? [])].filter((t) => (t.textContent ?? '').trim() !== '').map((t) => parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(t).fontSize))),
              overlaps: (() => {
                const texts = [...(svg?.querySelectorAll('text') ?? [])].filter((t) => (t.textContent ?? '').trim() !== '');
                type Box = ReturnType<(typeof texts)[number]['getBoundingClientRect']>;
                const isLabel = (t: (typeof texts)[number]) => Boolean(t.closest(`g.${labelClass}`));
                const boxes = texts.map((t) => ({ t, r: t.getBoundingClientRect() }));
                const hit = (a: Box, b: Box) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
                return boxes
                  .filter((a) => isLabel(a.t))
                  .flatMap((a) => boxes.filter((b) => b.t !== a.t && !b.t.closest('g[class*="threshold_label"]') && hit(a.r, b.r)).map((b) => `${a.t.textContent} × ${b.t.textContent}`));
              })(),
            };
          }),
        [ruleClass, labelClass, rateClass],
      );

      expect(views.map((v) => v.id)).toEqual(report.claims.map((c) => c.id));
      expect(views.filter((v) => v.threshold).length).toBeGreaterThanOrEqual(2);
      for (const [i, v] of views.entries()) {
        const claim = report.claims[i];
        expect(v.svgs, v.id).toBe(1);
        // A figure for a talk, drawn at its own size (not shrunk to the page): the rate panel alone is 640 px wide,
        // no text under 12 px, no label over another.
        expect(v.svgBox.width, v.id).toBeGreaterThanOrEqual(640);
        expect(v.svgBox.height, v.id).toBeGreaterThan(300);
        expect(v.minFont, v.id).toBeGreaterThanOrEqual(12);
        expect(v.overlaps, v.id).toEqual([]);
        expect(v.axes, v.id).toBeGreaterThanOrEqual(2);
        expect(v.tickLabels, v.id).toBeGreaterThanOrEqual(4);
        expect(v.rateLines, v.id).toBeGreaterThanOrEqual(1);
        expect(v.threshold, v.id).toBe(Boolean(claim.plot?.threshold));
        if (!v.threshold) {
          expect(v.rules, v.id).toEqual([]);
          continue;
        }
        // The rate panel's rule: vertical, as tall as the plot, inside the x axis; its label is the claim's.
        const [rule] = v.rules;
        expect(rule, v.id).toBeDefined();
        expect(rule.height, v.id).toBeGreaterThan(150);
        expect(rule.width, v.id).toBeLessThan(4);
        expect(rule.x, v.id).toBeGreaterThanOrEqual(v.plotLeft - 1);
        expect(rule.x, v.id).toBeLessThanOrEqual(v.plotRight + 1);
        expect(v.labels[0], v.id).toContain(claim.plot!.threshold!.label);
      }
      // The summary links to every claim.
      for (const c of report.claims) await expect(page.locator(`a[href="#${claimAnchor(c.id)}"]`).count()).resolves.toBe(1);

      expect(requests.every((r) => r.startsWith('file://')), requests.join(', ')).toBe(true);
      expect(errors).toEqual([]);

      // The reference screenshot is of the layout: blank the timing text so the same run gives the same image.
      await page.$$eval('.timing', (spans) => spans.forEach((s) => (s.textContent = '…')));
      mkdirSync(join(root, 'reports'), { recursive: true });
      const screenshot = UPDATE_SCREENSHOT ? join(root, 'reports', 'report-screenshot.png') : join(out, 'report-screenshot.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await browser.close();
    }
  });
});
