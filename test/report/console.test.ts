import { describe, expect, it } from 'vitest';
import { listTable, wrap } from '../../src/report/console';

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
