// One verdict per claim, from its rungs' verdicts: what the summary at the top of report.html counts.
import type { ClaimResult, Report } from '../harness/result';

export type ClaimVerdict = 'agrees' | 'disagrees' | 'inconclusive' | 'skipped' | 'observed';

/**
 * disagrees if any rung disagrees; else inconclusive if any is; else agrees if any gated rung agrees;
 * else skipped if any rung was skipped (no scored trial); else observed (observe-only rungs).
 */
export function claimVerdict(claim: ClaimResult): ClaimVerdict {
  const verdicts = new Set(claim.results.map((r) => r.verdict));
  for (const v of ['disagrees', 'inconclusive', 'agrees', 'skipped'] as const) if (verdicts.has(v)) return v;
  return 'observed';
}

export function claimCounts(report: Report): Record<ClaimVerdict, number> {
  const counts: Record<ClaimVerdict, number> = { agrees: 0, disagrees: 0, inconclusive: 0, skipped: 0, observed: 0 };
  for (const claim of report.claims) counts[claimVerdict(claim)]++;
  return counts;
}
