// The reference report: `npm run check` (default scale, seed 1) must give the same report.json, timing apart,
// as the one whose hash is stored here. A change of layout or speed leaves it alone; a change of a claim, a
// kernel's arithmetic or a verdict rule changes it, and then reports/ is regenerated and the hash with it.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportJson, withoutTiming } from '../../src/report/json';
import { cli } from '../cli/helpers';

/** sha256 of report.json without its timing fields, for `theorycheck run --scale default --seed 1`. */
const REFERENCE_SHA256 = '572cacb4a7d7ea6bff067d19271a795d4c7b2fd8b54684c3b337d78ed4a9b88d';

const hashOf = (file: string) => createHash('sha256').update(reportJson(withoutTiming(JSON.parse(readFileSync(file, 'utf8'))))).digest('hex');

describe('the reference report', () => {
  it('is the committed reports/report.json', () => {
    expect(hashOf(join(import.meta.dirname, '../../reports/report.json'))).toBe(REFERENCE_SHA256);
  });

  it('is what `npm run check` computes, byte for byte apart from timing', { timeout: 600_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'theorycheck-reference-'));
    const r = await cli('run', '--scale', 'default', '--seed', '1', '--quiet', '--out', out);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(hashOf(join(out, 'report.json'))).toBe(REFERENCE_SHA256);
  });
});
