// Text shared by every report format: numbers, rates, and the words for verdicts and the run's outcome, so the
// terminal, report.md and report.html say the same thing in the same way.
import type { ClaimVerdict, Report, RunOutcome, RunSummary, RungResult, Transition, TransitionSeries } from '../contract/report';
import { formatParam } from '../contract/claim';
import { trainerCheckProblems } from '../core/check/trainer-check';

/** Three significant digits; exponent form outside [1e−3, 1e4). */
export function fmt(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(3)));
}

export function percent(x: number): string {
  return `${(100 * x).toFixed(x === 0 || x === 1 ? 0 : 1)}%`;
}

export const CLAIM_ORDER: readonly ClaimVerdict[] = ['agrees', 'disagrees', 'inconclusive', 'not-checked', 'observe-only'];

export const CLAIM_LABEL: Record<ClaimVerdict, string> = {
  agrees: 'agree',
  disagrees: 'disagree',
  inconclusive: 'inconclusive',
  'not-checked': 'not checked',
  'observe-only': 'observe only',
};

export const OUTCOME_LABEL: Record<RunOutcome, string> = {
  agrees: 'agrees with the papers',
  disagrees: 'DISAGREES with the papers',
  'not-checked': 'NOT CHECKED: some gated rungs were not scored',
  'did-not-train': 'DID NOT TRAIN: the trainer failed the did-it-train check',
};

/** "30 claims: 25 agree, 0 disagree, 0 inconclusive, 0 not checked, 5 observe only". */
export function claimCountsLine(summary: RunSummary, total: number): string {
  return `${total} claims: ${CLAIM_ORDER.map((v) => `${summary.claims[v]} ${CLAIM_LABEL[v]}`).join(', ')}`;
}

export function rungCountsLine(summary: RunSummary): string {
  const r = summary.rungs;
  return `rungs: ${r.agrees} agree, ${r.disagrees} disagree, ${r.inconclusive} inconclusive, ${r['not-checked']} not checked, ${r.observed} observed`;
}

/** The lines under the verdict that say why the run did not agree: the failed probes, the failing claims, the rungs not checked. */
export function outcomeDetails(report: Report): string[] {
  const out: string[] = [];
  const { summary, trainerCheck } = report;
  if (trainerCheck && !trainerCheck.pass) out.push(...trainerCheckProblems(trainerCheck).map((p) => `did not train: ${p}`));
  if (summary.failing.length) out.push(`not agreeing with the paper (trainer ${report.trainer}): ${summary.failing.join(', ')}`);
  for (const u of summary.notChecked) {
    const tolerated = summary.allowUnsupported && u.unsupported ? ' (allowed: --allow-unsupported)' : '';
    out.push(`not checked: ${u.claim} ${u.rung}: ${u.why}${tolerated}`);
  }
  return out;
}

/** The trainer check in one line. */
export function trainerCheckLine(report: Report): string | undefined {
  const check = report.trainerCheck;
  if (!check) return undefined;
  const supported = check.probes.filter((p) => p.supported);
  const declined = check.probes.length - supported.length;
  const passed = supported.filter((p) => p.pass).length;
  if (check.reason) return `trainer check: FAILED, ${check.reason}`;
  return `trainer check: ${check.pass ? 'passed' : 'FAILED'}, ${passed} of ${supported.length} standard problems trained as the reference trainer does${declined ? ` (${declined} declined by the trainer)` : ''}`;
}

/** "≥ 90%" or "≤ 10%": a gated rung's target as the tables print it. */
export function expectedText(r: Pick<RungResult, 'expected' | 'target'>): string {
  return r.expected === 'observe' ? 'observe' : `${r.expected} (${r.expected === 'holds' ? '≥' : '≤'} ${percent(r.target ?? 0)})`;
}

/** What else happened on a rung: early stop, trials not scored, diverged, errors, declined. */
export function rungExtra(r: RungResult): string {
  return [
    r.planned ? `stopped after ${r.trials} of ${r.planned} trials` : '',
    r.notScored ? `${r.notScored} not scored` : '',
    r.diverged ? `${r.diverged} diverged` : '',
    r.errors ? `${r.errors} errors` : '',
    r.skipped ? `${r.skipped} declined by the trainer` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The detectable gap of a gated rung: how far below (holds) or above (fails) its target a rate must be to disagree. */
export function gapText(r: Pick<RungResult, 'detectableGap'>): string {
  return r.detectableGap === undefined ? '' : percent(r.detectableGap);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** How a claim's transition was located, in one line above its thresholds. */
function transitionIntro(t: Transition): string {
  const axis = t.log ? `log ${t.x}` : t.x;
  const per = t.by ? ` per ${t.by}` : '';
  const side = t.rising === undefined ? '' : t.rising ? ', passing above the threshold' : ', passing below the threshold';
  return `Located transition (${t.label}): a logistic fit of the pass rate against ${axis}${per}${side}, by maximum likelihood; 95% profile-likelihood intervals.`;
}

/** "d=5: threshold at N/N* = 1 [0.97, 1.02] (paper: 1)", the bracket when the rungs separate, or why it was not located. */
function transitionSeriesText(t: Transition, s: TransitionSeries): string {
  const at = s.at !== undefined && t.by ? `${t.by}=${formatParam(s.at)}: ` : '';
  const paper = t.value !== undefined ? ` (paper: ${fmt(t.value)})` : '';
  const inputs = ` · ${plural(s.rungs, 'rung')}, ${plural(s.trials, 'trial')}`;
  if (!s.interval) return `${at}not located: ${s.reason}${inputs}`;
  const interval = `[${fmt(s.interval[0])}, ${fmt(s.interval[1])}]`;
  if (s.stepAt !== undefined) {
    return `${at}threshold at ${t.x} in ${interval}${paper}; no 50% point: every trial failed on one side of ${t.x} = ${fmt(s.stepAt)} and passed on the other, so the best fit is a step there${inputs}`;
  }
  if (s.x50 === undefined) return `${at}threshold at ${t.x} in ${interval}${paper}, between two rungs that separate: every trial on one side failed, every one on the other passed${inputs}`;
  return `${at}threshold at ${t.x} = ${fmt(s.x50)} ${interval}${paper}${inputs}`;
}

/** "exponent 2.02 [1.91, 2.1] (paper: 2)", how it was obtained, or why there is none. */
function transitionScalingText(t: Transition): string | undefined {
  const sc = t.scaling;
  if (!sc) return undefined;
  const paper = sc.paper !== undefined ? ` (paper: ${fmt(sc.paper)})` : '';
  if (!sc.interval || !sc.fittedInterval) return `exponent in ${t.by}: not located: ${sc.reason}${paper}`;
  const interval = (iv: [number, number]) => `[${fmt(iv[0])}, ${fmt(iv[1])}]`;
  const value = sc.value !== undefined ? `${fmt(sc.value)} ${interval(sc.interval)}` : `in ${interval(sc.interval)}`;
  const agrees = sc.tooWide
    ? `, inside an interval too wide to test it: it holds 0 too, a threshold that does not move with ${t.by}`
    : sc.agrees === undefined ? '' : sc.agrees ? ', inside the interval' : ', OUTSIDE the interval';
  const method = sc.method === 'brackets' ? `every exponent for which some c·${t.by}^κ passes through every bracket` : `weighted least squares of log threshold on log ${t.by}`;
  const fitted = sc.fitted !== undefined ? `${fmt(sc.fitted)} ${interval(sc.fittedInterval)}` : `in ${interval(sc.fittedInterval)}`;
  const scale = t.scale ? `; ${t.x} is a count over ${t.by}^${fmt(t.scale)}, so the count's exponent is ${fmt(t.scale)} + the ${t.x} threshold's, ${fitted}` : '';
  return `exponent ${value}${paper}${agrees} (${method}${scale})`;
}

/** "--locate (width 0.1): d=5: 3 rungs placed, interval narrower than 0.1; ...": what placing rungs did. */
function locateText(t: Transition): string | undefined {
  if (!t.locate) return undefined;
  const parts = t.locate.series.map((s) => `${s.at !== undefined && t.by ? `${t.by}=${formatParam(s.at)}: ` : ''}${plural(s.added, 'rung')} placed, then ${s.stop}`);
  return `--locate (relative width ${fmt(t.locate.width)}): ${parts.join('; ') || 'no series to place rungs on'}`;
}

/** Every line of a claim's located transition: intro, one per series, the exponent, what --locate did. */
export function transitionLines(t: Transition): string[] {
  const scaling = transitionScalingText(t);
  const located = locateText(t);
  return [transitionIntro(t), ...t.series.map((s) => transitionSeriesText(t, s)), ...(scaling ? [scaling] : []), ...(located ? [located] : [])];
}

/** A rung's name as report tables show it: marked when --locate placed it. */
export function rungLabel(r: Pick<RungResult, 'scale' | 'placed'>): string {
  return r.placed ? `${r.scale.name} (placed)` : r.scale.name;
}
