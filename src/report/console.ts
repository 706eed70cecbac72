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

/** ANSI styles for the verdicts, applied only when the terminal shows colour (see the command line's colour rule). */
const VERDICT_STYLE: Record<string, string> = { agrees: '32', disagrees: '31;1', inconclusive: '33', 'not-checked': '33', observed: '2' };

export function paint(text: string, style: string | undefined, colour: boolean): string {
  return colour && style ? `\x1b[${style}m${text}\x1b[0m` : text;
}

export interface TableOptions {
  /** Columns the table may take (the terminal's width, 100 by default). */
  width?: number;
  colour?: boolean;
}

/**
 * The run's table: each claim on a line of its own, its rungs indented under it. A rung name too long for the
 * width wraps onto further lines in its own column, so the table keeps its columns and its width.
 */
export function summaryTable(report: Report, options: TableOptions = {}): string {
  const width = options.width ?? 100;
  const colour = options.colour ?? false;
  const header = ['claim / rung', 'passes', 'rate', '95% interval', 'expected', 'verdict'];
  const cells = (r: Report['claims'][number]['results'][number]) => [
    `${r.passes}/${r.runs}`, r.passRate.toFixed(2), `[${r.interval[0].toFixed(2)}, ${r.interval[1].toFixed(2)}]`, r.expected, r.verdict,
  ];
  const rows = report.claims.flatMap((c) => c.results.map(cells));
  const widths = header.slice(1).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const rest = widths.reduce((s, w) => s + w + 2, 0);
  const indent = '  ';
  const longest = Math.max(header[0].length, ...report.claims.flatMap((c) => c.results.map((r) => indent.length + r.scale.name.length)));
  const first = Math.max(16, Math.min(longest, width - rest));
  const line = (name: string, row: string[], style?: string) => {
    const last = row.length - 1;
    const tail = row.map((c, i) => (i === last ? paint(c, style, colour) : c.padEnd(widths[i]))).join('  ');
    return `${name.padEnd(first)}  ${tail}`.trimEnd();
  };
  const out = [line(header[0], header.slice(1)), line('-'.repeat(first), widths.map((w) => '-'.repeat(w)))];
  for (const claim of report.claims) {
    out.push(paint(claim.id, colour ? '1' : undefined, colour));
    for (const r of claim.results) {
      // Continuation lines are indented once more: every line of the name stays in its column.
      const [head, ...more] = wrapHard(r.scale.name, first - 2 * indent.length);
      out.push(line(`${indent}${head}`, cells(r), VERDICT_STYLE[r.verdict]), ...more.map((m) => `${indent}${indent}${m}`));
    }
  }
  return `${out.join('\n')}\n`;
}

/** wrap, with words longer than the width cut: every line fits. */
function wrapHard(text: string, width: number): string[] {
  return wrap(text, width).flatMap((l) => (l.length <= width ? [l] : (l.match(new RegExp(`.{1,${width}}`, 'gu')) ?? [l])));
}
