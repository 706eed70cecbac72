import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoveryThreshold } from '../../properties/quadratic/recovery-threshold';
import { runClaims } from '../../src/runner/run';
import { claimPlots } from '../../src/report/plots';
import { plotFile, writeReport } from '../../src/report/write';
import { referenceTrainer } from '../../src/core/train/reference';
import { coinClaim } from '../helpers/toy-claims';

describe('writeReport', () => {
  it('writes report.json, report.md, report.html, junit.xml and one plots/ID.svg per claim', async () => {
    const report = await runClaims([recoveryThreshold, coinClaim], { seed: 2, trainer: referenceTrainer, scale: 'small' });
    const dir = mkdtempSync(join(tmpdir(), 'tc-write-'));
    const files = await writeReport(dir, report);
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'plots', 'report.html', 'report.json', 'report.md']);
    expect(readdirSync(join(dir, 'plots')).sort()).toEqual([plotFile(coinClaim.id), plotFile(recoveryThreshold.id)].sort());
    expect(files).toContain(join(dir, 'report.html'));
    const plots = await claimPlots(report.claims);
    for (const [id, svg] of plots) {
      const file = readFileSync(join(dir, 'plots', plotFile(id)), 'utf8');
      expect(file).toBe(`${svg}\n`);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(svg);
    }
    // A plot left by an earlier run goes; other files stay.
    writeFileSync(join(dir, 'plots', 'old.claim.svg'), '<svg/>');
    writeFileSync(join(dir, 'plots', 'notes.txt'), 'mine');
    await writeReport(dir, report);
    expect(readdirSync(join(dir, 'plots')).sort()).toEqual([plotFile(coinClaim.id), 'notes.txt', plotFile(recoveryThreshold.id)].sort());
    expect(plotFile('fam.name')).toBe('fam.name.svg');
    expect(plotFile('a/b')).toBe('a_b.svg');
  });
});
