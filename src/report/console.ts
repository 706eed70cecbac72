import type { Report } from '../contract/report';

/** A plain fixed-width table; the last column may wrap in narrow terminals. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

/** Greedy word wrap to `width` columns; a word longer than the width gets a line of its own. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export interface ListRow {
  id: string;
  paper: string;
  statement: string;
  scales: Record<string, number>;
}

/** `theorycheck list`: id, rungs per scale and paper on one line, the statement wrapped and indented below. */
export function listTable(rows: ListRow[], width = 100): string {
  const indent = '    ';
  const body = rows.map((r) => [r.id, `${r.scales.small}/${r.scales.default}/${r.scales.large}`, r.paper]);
  const head = table(['claim', 'rungs small/default/large', 'paper'], body).split('\n');
  const out = head.slice(0, 2);
  rows.forEach((r, i) => {
    out.push(head[i + 2], ...wrap(r.statement, Math.max(20, width - indent.length - 1)).map((l) => `${indent}${l}`));
  });
  const families = new Set(rows.map((r) => r.id.split('.')[0])).size;
  out.push('', `${rows.length} claims in ${families} ${families === 1 ? 'family' : 'families'}; run one with \`theorycheck run --claim ID\` (or a family), --json for machines.`);
  return `${out.join('\n')}\n`;
}

export function summaryTable(report: Report): string {
  const rows: string[][] = [];
  for (const claim of report.claims) {
    for (const r of claim.results) {
      rows.push([claim.id, r.scale.name, `${r.passes}/${r.runs}`, r.passRate.toFixed(2), `[${r.interval[0].toFixed(2)}, ${r.interval[1].toFixed(2)}]`, r.expected, r.verdict]);
    }
  }
  return table(['claim', 'rung', 'passes', 'rate', '95% interval', 'expected', 'verdict'], rows);
}
