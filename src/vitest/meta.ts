// What a rung's test attaches to its task meta: enough for the reporter to rebuild the claim's part of the
// report. Plain JSON, so it survives vitest's blob reports and --merge-reports.
import type { ClaimResult, RungResult } from '../index';

type ClaimHeader = Omit<ClaimResult, 'results' | 'verdict' | 'seconds'>;

export interface RungMeta {
  claim: ClaimHeader;
  /** Position of the claim among the claims registered by its test file. */
  order: number;
  /** Position of the rung in the claim's ladder. */
  rung: number;
  run: { seed: number; trainer: string; scale: string };
  result: RungResult;
}

declare module 'vitest' {
  interface TaskMeta {
    theorycheck?: RungMeta;
  }
}
