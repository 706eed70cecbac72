// A vitest reporter that writes the report of the claims run as tests (see claimTests): the same report.json
// as `theorycheck run` over those claims. It reads only the tests' meta, so it works on a merged blob report
// (`vitest run --merge-reports`) exactly as on one machine.
import type { Reporter, TestModule } from 'vitest/node';
import { assembleReport, claimVerdict, locateTransition, writeReport, type ClaimResult, type Report } from '../index';
import type { RungMeta } from './meta';

export interface ReporterOptions {
  /** Report directory (default reports/vitest). */
  out?: string;
}

export function theorycheckReporter(options: ReporterOptions = {}): Reporter {
  const out = options.out ?? 'reports/vitest';
  let startedAt = new Date();
  return {
    onTestRunStart() {
      startedAt = new Date();
    },
    async onTestRunEnd(modules) {
      const report = reportOf(modules, startedAt);
      if (!report) return;
      const files = await writeReport(out, report);
      process.stdout.write(`theorycheck: wrote ${files[0]}\n`);
    },
  };
}

/** The report of every rung test with theorycheck meta: files in path order, claims and rungs in registration order. */
function reportOf(modules: ReadonlyArray<TestModule>, startedAt: Date): Report | undefined {
  const entries: (RungMeta & { file: string })[] = [];
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const meta = test.meta().theorycheck;
      if (meta) entries.push({ ...meta, file: module.relativeModuleId });
    }
  }
  if (entries.length === 0) return undefined;
  // Code-unit order, not localeCompare: the same on every machine.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  entries.sort((a, b) => cmp(a.file, b.file) || a.order - b.order || a.rung - b.rung);
  const claims: ClaimResult[] = [];
  let last = '';
  for (const e of entries) {
    const key = `${e.file}\u0000${e.order}`;
    if (key !== last) claims.push({ ...e.claim, results: [], verdict: 'observe-only', seconds: 0 });
    last = key;
    const claim = claims[claims.length - 1];
    claim.results.push(e.result);
    claim.seconds += e.result.seconds;
  }
  for (const claim of claims) {
    claim.verdict = claimVerdict(claim.results);
    if (claim.transition) claim.transition = locateTransition(claim.transition, claim.results);
  }
  const { seed, trainer, scale } = entries[0].run;
  return assembleReport(claims, { seed, trainer, scale, startedAt, seconds: claims.reduce((s, c) => s + c.seconds, 0) });
}
