// `theorycheck merge`: the report of a run from the checkpoints of its shards. Nothing is computed: the trials
// and the shrunk counterexamples come from the shards, and aggregating them is what the unsharded run does,
// so the merged report equals the unsharded one apart from timing.
import type { Trainer } from '../contract/trainer';
import type { Claim } from '../contract/claim';
import { readCheckpoint, type CheckpointData, type RunConfig } from './checkpoint';
import { InputError } from '../contract/errors';
import type { Report, TrainerCheck } from '../contract/report';
import { runClaims, type KnownCounterexample } from './run';
import { claimsOf } from './session';
import { runOptionsOf } from './plan';
import type { TrialOutcome } from '../core/check/trial';

interface MergedRun {
  config: RunConfig;
  known: Map<string, TrialOutcome>;
  counterexamples: Map<string, KnownCounterexample>;
  /** The did-it-train check of the run: every shard makes the same one on the same trainer. */
  trainerCheck?: TrainerCheck;
}

/** Checks that the parts are the shards 1..N of one run, each once, and pools their trials. */
function combineShards(parts: readonly CheckpointData[]): MergedRun {
  if (parts.length === 0) throw new InputError('merge', 'no files', 'the trials.jsonl (or report.json, or directory) of every shard of one run');
  const first = parts[0].config;
  const count = first.shard?.count ?? 1;
  const seen = new Map<number, string>();
  for (const part of parts) {
    const { shard } = part.config;
    // The plan hash leaves out the shard and where each machine loaded the trainer from; readCheckpoint has
    // checked it against the config, and every trial's seed against the run's seed.
    if (part.planHash !== parts[0].planHash) {
      throw new InputError(part.file, `a run other than ${parts[0].file}'s`, 'shards of one run: the same claims, scale, seed, runs, trainer and ladders');
    }
    const index = shard?.index ?? 1;
    if ((shard?.count ?? 1) !== count) throw new InputError(part.file, `shard ${index}/${shard?.count ?? 1}`, `a shard of ${count}, like ${parts[0].file}`);
    if (seen.has(index)) throw new InputError(part.file, `shard ${index}/${count}`, `each shard once (${seen.get(index)} is shard ${index}/${count} too)`);
    seen.set(index, part.file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new InputError('merge', `shards ${[...seen.keys()].sort((a, b) => a - b).join(', ')} of ${count}`, `all ${count} shards (missing ${missing.join(', ')})`);
  const known = new Map<string, TrialOutcome>();
  const counterexamples = new Map<string, KnownCounterexample>();
  for (const part of parts) {
    for (const [key, outcome] of part.trials) known.set(key, outcome);
    for (const [key, found] of part.counterexamples) counterexamples.set(key, found);
  }
  const { shard: _shard, ...config } = first;
  const trainerCheck = parts.find((p) => p.trainerCheck)?.trainerCheck;
  return { config, known, counterexamples, ...(trainerCheck ? { trainerCheck } : {}) };
}

/** The report of the run whose shards wrote these checkpoints. */
export async function mergeCheckpoints(registry: readonly Claim<any>[], files: readonly string[]): Promise<Report> {
  const parts = files.map(readCheckpoint);
  const { config, known, counterexamples, trainerCheck } = combineShards(parts);
  const claims = claimsOf(registry, config, parts[0].file);
  // Stands for the shards' trainer in the report; knownOnly guarantees it is never asked to train.
  const trainer: Trainer = {
    name: config.trainer,
    supports: () => false,
    train: () => {
      throw new Error('merge does not train');
    },
  };
  const report = await runClaims(claims, {
    ...runOptionsOf(config, trainer),
    ...(trainerCheck ? { knownTrainerCheck: trainerCheck } : {}),
    known,
    knownCounterexamples: counterexamples,
    knownOnly: true,
  });
  // The work the shards did, not the seconds of the merge itself.
  report.seconds = report.claims.reduce((s, c) => s + c.seconds, 0);
  return report;
}
