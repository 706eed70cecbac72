// Runs through the command line's session (checkpoint included) in-process, on toy claims.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Claim } from '../../src/contract/claim';
import type { Report } from '../../src/contract/report';
import { runClaims } from '../../src/runner/run';
import { resumeSession, startSession, type Session } from '../../src/runner/session';
import type { RunPlan } from '../../src/runner/plan';
import { reportJson, withoutTiming } from '../../src/report/json';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tc-h9-'));
}

export const flags = (out: string, more: Partial<RunPlan> = {}): RunPlan => ({ scale: 'small', seed: 11, out, shrink: true, ...more });

/** Runs a session to its end and closes it (checkpoint and lock); counts the trials it computed. */
async function finish(session: Session): Promise<{ report: Report; computed: number }> {
  let computed = 0;
  const onTrial = session.options.onTrial!;
  try {
    const report = await runClaims(session.claims, { ...session.options, onTrial: (k, o) => (computed++, onTrial(k, o)) });
    return { report, computed };
  } finally {
    session.close();
  }
}

export async function run(registry: readonly Claim<any>[], f: RunPlan) {
  return finish(await startSession(registry, f));
}

export async function resume(registry: readonly Claim<any>[], dir: string) {
  return finish(await resumeSession(registry, dir));
}

/** report.json text without the timing fields: what must agree byte for byte. */
export const bare = (report: Report): string => reportJson(withoutTiming(report));
