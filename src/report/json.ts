import type { Report } from '../contract/report';
import { TIMING_FIELDS } from '../contract/report';

/** report.json text: two-space JSON with a trailing newline; numbers as JavaScript prints them (shortest round-trip). */
export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The report with every timing field removed: what must be byte-identical across runs with the same seed. */
export function withoutTiming<T>(value: T): T {
  const timing = new Set<string>(TIMING_FIELDS);
  return JSON.parse(JSON.stringify(value, (key, v) => (timing.has(key) ? undefined : v)));
}
