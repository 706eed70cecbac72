import { describe, expect, it } from 'vitest';
import { listTable, summaryTable, wrap } from '../../src/report/console';
import { report, rung } from '../helpers/reports';

describe('wrap', () => {
  it('breaks at spaces within the width and keeps every word', () => {
    const text = 'every zero training risk student has zero population risk iff N is at least d(d+1)/2';
    const lines = wrap(text, 20);
    expect(lines.every((l) => l.length <= 20)).toBe(true);
    expect(lines.join(' ')).toBe(text);
    expect(wrap('a verylongwordthatdoesnotfit b', 8)).toEqual(['a', 'verylongwordthatdoesnotfit', 'b']);
  });
});

describe('listTable', () => {
  const rows = [
    { id: 'quadratic.recovery-threshold', paper: 'Gamarnik et al. 2019', statement: 'Every zero-training-risk student has zero population risk iff N ≥ N* = d(d+1)/2 (Φ has full column rank).', scales: { small: 5, default: 18, large: 24 } },
    { id: 'toy.coin', paper: 'none', statement: 'a coin', scales: { small: 2, default: 1, large: 0 } },
  ];

  it('puts id, rungs and paper in aligned columns and the statement, wrapped, under each claim', () => {
    const text = listTable(rows, 60);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^claim\s+rungs small\/default\/large\s+paper$/);
    expect(lines[2]).toMatch(/^quadratic\.recovery-threshold\s+5\/18\/24\s+Gamarnik et al\. 2019$/);
    expect(lines[3].startsWith('    Every zero-training-risk')).toBe(true);
    const statement = lines.slice(3, lines.findIndex((l) => l.startsWith('toy.coin'))).map((l) => l.trim()).join(' ');
    expect(statement).toBe(rows[0].statement);
    expect(lines.filter((l) => l.startsWith('    ')).every((l) => l.length <= 60)).toBe(true);
    expect(lines[2].indexOf('5/18/24')).toBe(lines.find((l) => l.startsWith('toy.coin'))!.indexOf('2/1/0'));
    expect(text).toContain('2 claims in 2 families');
  });
});

describe('summaryTable', () => {
  const long = 'd=64, n/d^{ℓ/2}=4, square loss, displaced SGD with repetition, a name far too long for one line';
  const run = report('reference', {
    'quadratic.recovery-threshold': [rung('d=3, N=N*−1 (5)', { outcome: 'fails' }, 0, 10), rung('d=3, N=1·N* (6)', { outcome: 'holds' }, 10, 10)],
    'data-repetition.a-claim-with-a-long-name': [rung(long, { outcome: 'holds' }, 3, 20)],
  });
  const plain = (text: string) => text.replace(/\x1b\[[\d;]*m/g, '');

  it('fits the width it is given: claims on lines of their own, long rung names wrapped in their column', () => {
    for (const width of [100, 80]) {
      const lines = summaryTable(run, { width }).trimEnd().split('\n');
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(width);
      expect(lines[0]).toMatch(/^claim \/ rung\s+passes\s+rate\s+95% interval\s+expected\s+verdict$/);
      expect(lines).toContain('quadratic.recovery-threshold');
      const at = lines.findIndex((l) => l.startsWith(`  ${long.slice(0, 10)}`));
      expect(lines[at]).toMatch(/3\/20\s+0\.15\s+\[\d\.\d\d, \d\.\d\d\]\s+holds\s+disagrees$/);
      // The rest of the name on the lines below, in the name's column; every word of it is there.
      const rest = lines.slice(at + 1).map((l) => l.trim());
      expect([lines[at].slice(2, lines[0].indexOf('passes')).trim(), ...rest].join(' ')).toBe(long);
      expect(lines.slice(at + 1).every((l) => l.startsWith('    ') && l.length < lines[0].indexOf('passes'))).toBe(true);
    }
  });

  it('colours verdicts only when asked, and the text is the same either way', () => {
    const coloured = summaryTable(run, { colour: true });
    expect(summaryTable(run)).not.toContain('\x1b[');
    expect(coloured).toContain('\x1b[31;1mdisagrees\x1b[0m');
    expect(coloured).toContain('\x1b[32magrees\x1b[0m');
    expect(plain(coloured)).toBe(summaryTable(run));
  });
});
