import type { Report } from '../harness/result';

/** A plain fixed-width table; the last column may wrap in narrow terminals. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

export function listTable(rows: { id: string; paper: string; statement: string; scales: Record<string, number> }[]): string {
  return table(
    ['id', 'paper', 'rungs s/d/l', 'statement'],
    rows.map((r) => [r.id, r.paper, `${r.scales.small}/${r.scales.default}/${r.scales.large}`, r.statement]),
  );
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
