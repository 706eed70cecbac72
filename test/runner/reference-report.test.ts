// The reference report: `npm run check` (default scale, seed 1) must give the same report.json, timing apart,
// as the one whose hash is stored here. A change of layout or speed leaves it alone; a change of a claim, a
// kernel's arithmetic or a verdict rule changes it, and then reports/ is regenerated and the hash with it.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/contract/report';
import { decisive, MIN_SCORED } from '../../src/core/verdict/sequential';
import { reportJson, withoutTiming } from '../../src/report/json';
import { cli } from '../cli/helpers';

/** sha256 of report.json without its timing fields, for `theorycheck run --scale default --seed 1`. */
const REFERENCE_SHA256 = '82218b9450a668384422e216c0ddb40df6744b86d5718dd317c41cc8744ff023';

const hashOf = (file: string) => createHash('sha256').update(reportJson(withoutTiming(JSON.parse(readFileSync(file, 'utf8'))))).digest('hex');

describe('the reference report', () => {
  it('is the committed reports/report.json', () => {
    expect(hashOf(join(import.meta.dirname, '../../reports/report.json'))).toBe(REFERENCE_SHA256);
  });

  it('decides every gated rung on at least MIN_SCORED scored trials, or on an interval already decisive', () => {
    const report = JSON.parse(readFileSync(join(import.meta.dirname, '../../reports/report.json'), 'utf8')) as Report;
    for (const claim of report.claims) {
      for (const r of claim.results) {
        if (r.expected === 'observe') continue;
        const why = `${claim.id} ${r.scale.name}: ${r.passes}/${r.runs}`;
        if (r.runs < MIN_SCORED) expect(decisive({ outcome: r.expected, ...(r.expected === 'holds' ? { pHold: r.target } : { pFail: r.target }) }, r.passes, r.runs), why).toBe(true);
      }
    }
  });

  it('is what `npm run check` computes, byte for byte apart from timing', { timeout: 600_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'theorycheck-reference-'));
    const r = await cli('run', '--scale', 'default', '--seed', '1', '--quiet', '--out', out);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(hashOf(join(out, 'report.json'))).toBe(REFERENCE_SHA256);
  });
});
