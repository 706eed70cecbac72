import type { Params } from './claim';
import type { Summary } from './stats';
import type { TrainerCheck } from './trainer-check';
import type { ClaimVerdict, RunSummary, RungVerdict } from './verdict';

export interface Counterexample {
  /** fast-check seed and shrink path: `theorycheck replay ID --seed S --path P --at ...` reproduces it. */
  seed: number;
  path?: string;
  params: Params;
  /** The (shrunk) instance: structural choices and data seed. */
  instance: unknown;
  observables: Record<string, number>;
  reason?: string;
  shrinks: number;
  replay: string;
}

export interface RungResult {
  scale: { name: string; params: Params };
  /** Scored trials: they enter the pass rate. */
  runs: number;
  passes: number;
  passRate: number;
  /** Wilson 95% interval of the pass rate. */
  interval: [number, number];
  expected: 'holds' | 'fails' | 'observe';
  /** pHold for holds, pFail for fails. */
  target?: number;
  verdict: RungVerdict;
  /** Gated rungs: the smallest miss of the target its scored trials can call a disagreement (verdict.ts). */
  detectableGap?: number;
  /** Trials drawn, including those not scored. */
  trials: number;
  /** Set when sequential stopping drew fewer trials than the rung's count: that count. */
  planned?: number;
  notScored: number;
  diverged: number;
  errors: number;
  skipped: number;
  /** Distinct reasons given by failed, skipped or not-scored trials (first few). */
  reasons: string[];
  observables: Record<string, Summary>;
  reference?: Record<string, number>;
  /** Seeds of the first failing trials, each replayable alone. */
  failingSeeds: number[];
  counterexample?: Counterexample;
  seconds: number;
}

export interface ClaimResult {
  id: string;
  paper: string;
  statement: string;
  source?: string;
  notes?: string[];
  plot?: { x: string; series?: string; threshold?: { value: number; label: string; derived?: boolean }; logX?: boolean };
  results: RungResult[];
  /** From the rungs' verdicts (verdict.ts): what every output shows for the claim. */
  verdict: ClaimVerdict;
  seconds: number;
}

export interface Report {
  version: 2;
  seed: number;
  trainer: string;
  scale: string;
  /** Set on the report of one shard (`run --shard I/N`): its rates cover only that shard's trials. */
  shard?: { index: number; count: number };
  startedAt: string;
  seconds: number;
  /** The did-it-train check run before the claims (absent where no trainer ran: merge, vitest). */
  trainerCheck?: TrainerCheck;
  /** The run's verdict and its exit code, from the claims and the trainer check (verdict.ts). */
  summary: RunSummary;
  claims: ClaimResult[];
}

/** Fields that measure time; everything else in a report is a pure function of seed, trainer and flags. */
export const TIMING_FIELDS = ['startedAt', 'seconds'] as const;
