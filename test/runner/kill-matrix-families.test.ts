import { describe, expect, it } from 'vitest';
import { familyKillMatrixMarkdown, type KillRow } from '../../src/runner/kill-matrix';

const row = (over: Partial<KillRow>): KillRow => ({
  trainer: 'torch',
  group: 'broken',
  exitCode: 1,
  disagree: [],
  inconclusive: [],
  notChecked: [],
  trainerCheck: 'passed',
  checkFailures: [],
  claimsRun: true,
  seconds: 1,
  ...over,
});

describe('the kill matrix by family', () => {
  const meta = { scale: 'default', seed: 1, claims: ['quadratic.a', 'quadratic.b', 'giant-step.c'], title: 'Kill matrix of X', intro: 'What was run.' };

  it('puts each catching claim in its family column, names the failed problems of the check, and counts the bugs caught', () => {
    const rows = [
      row({ group: 'reference', exitCode: 0 }),
      row({ trainer: 'wd', file: '/repo/test/fixtures/torch-bugs/wd.bug', bug: 'weight | decay', disagree: ['quadratic.b'], notChecked: ['giant-step.c'] }),
      row({ trainer: 'detached', trainerCheck: 'failed', checkFailures: ['gd, first layer', 'online, batch 1'], claimsRun: false }),
      row({ trainer: 'invisible' }),
    ];
    const lines = familyKillMatrixMarkdown(rows, meta, '/repo').split('\n');
    expect(lines[0]).toBe('# Kill matrix of X');
    expect(lines).toContain('**2 of 3 bugs caught**; the correct trainer is caught by nothing. Not caught: invisible.');
    expect(lines).toContain('| trainer | bug | exit | run | trainer check | quadratic | giant-step | seconds |');
    expect(lines).toContain('| torch | none | 0 | agrees | passed | — | — | 1 |');
    expect(lines).toContain('| [wd](../test/fixtures/torch-bugs/wd.bug) | weight \\| decay | 1 | caught | passed | b | c (not checked) | 1 |');
    expect(lines).toContain('| detached | none | 1 | caught | **failed**: gd, first layer; online, batch 1 | not run | not run | 1 |');
    expect(lines).toContain('| invisible | none | 1 | **not caught** | passed | — | — | 1 |');
  });
});
