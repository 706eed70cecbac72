import { describe, expect, it } from 'vitest';
import { reportJunit } from '../../src/report/junit';
import { report, rung } from '../helpers/reports';

describe('junit.xml', () => {
  const r = report('mine', {
    'q.a': [rung('d=3', { outcome: 'holds' }, 20, 20), rung('d=3 <control>', { outcome: 'fails' }, 12, 20)],
    'q.b': [rung('d=4', { outcome: 'holds' }, 0, 0), rung('d=5', { outcome: 'observe' }, 7, 20)],
  });
  const xml = reportJunit(r);

  it('is one suite per claim and one case per rung, with the counts CI systems read', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="theorycheck seed 1 scale default trainer mine" tests="4" failures="1" errors="1" skipped="1"')).toBe(true);
    expect(xml).toContain('<testsuite name="q.a" tests="2" failures="1" errors="0" skipped="0"');
    expect(xml).toContain('<testsuite name="q.b" tests="2" failures="0" errors="1" skipped="1"');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
  });

  it('passes an agreeing rung, fails a disagreeing one, errs on a gated rung not checked, skips an observed one', () => {
    expect(xml).toMatch(/<testcase classname="q.a" name="d=3" time="1.000"\/>/);
    expect(xml).toMatch(/<testcase classname="q.a" name="d=3 &lt;control&gt;"[^>]*>\n\s+<failure type="disagrees" message="disagrees: 12\/20 \[0\.39, 0\.78\], expected fails \(≤ 10\.0%\)/);
    expect(xml).toMatch(/<testcase classname="q.b" name="d=4"[^>]*>\n\s+<error type="not-checked" message="not-checked: 0\/0/);
    expect(xml).toMatch(/<testcase classname="q.b" name="d=5"[^>]*>\n\s+<skipped message="observe only: 7\/20/);
  });
});
