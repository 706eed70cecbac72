// junit.xml: the report as JUnit XML, the format CI systems (GitHub, GitLab, Jenkins) show test results in. A
// claim is a test suite, a rung a test case: agrees passes; disagrees and inconclusive fail; a gated rung not
// checked is an error (never a pass); an observe rung is skipped, with its rate as the message.
import type { Report, RungResult } from '../contract/report';
import { expectedText, rungExtra } from './format';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The rung's measured rate against what the paper predicts, as the tables print it. */
function measured(r: RungResult): string {
  const extra = rungExtra(r);
  return `${r.passes}/${r.runs} [${r.interval[0].toFixed(2)}, ${r.interval[1].toFixed(2)}], expected ${expectedText(r)}${extra ? `; ${extra}` : ''}`;
}

function testCase(claim: string, r: RungResult): string {
  const open = `    <testcase classname="${escape(claim)}" name="${escape(r.scale.name)}" time="${r.seconds.toFixed(3)}"`;
  const body = (tag: string, type: string) => {
    const lines = [measured(r), ...r.reasons, ...(r.counterexample ? [`replay: ${r.counterexample.replay}`] : [])];
    return `${open}>\n      <${tag} type="${type}" message="${escape(`${r.verdict}: ${measured(r)}`)}">${escape(lines.join('\n'))}</${tag}>\n    </testcase>`;
  };
  if (r.verdict === 'agrees') return `${open}/>`;
  if (r.verdict === 'observed') return `${open}>\n      <skipped message="${escape(`observe only: ${measured(r)}`)}"/>\n    </testcase>`;
  if (r.verdict === 'not-checked') return body('error', 'not-checked');
  return body('failure', r.verdict);
}

export function reportJunit(report: Report): string {
  const count = (verdicts: RungResult['verdict'][]) => report.claims.reduce((s, c) => s + c.results.filter((r) => verdicts.includes(r.verdict)).length, 0);
  const tests = report.claims.reduce((s, c) => s + c.results.length, 0);
  const suites = report.claims.map((claim) => {
    const n = (verdicts: RungResult['verdict'][]) => claim.results.filter((r) => verdicts.includes(r.verdict)).length;
    return [
      `  <testsuite name="${escape(claim.id)}" tests="${claim.results.length}" failures="${n(['disagrees', 'inconclusive'])}" errors="${n(['not-checked'])}" skipped="${n(['observed'])}" time="${claim.seconds.toFixed(3)}">`,
      ...claim.results.map((r) => testCase(claim.id, r)),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="theorycheck seed ${report.seed} scale ${escape(report.scale)} trainer ${escape(report.trainer)}" tests="${tests}" failures="${count(['disagrees', 'inconclusive'])}" errors="${count(['not-checked'])}" skipped="${count(['observed'])}" time="${report.seconds.toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
