// Splitting a run over machines: a trial belongs to one shard by a hash of its key (claim, rung, trial index),
// not by its position, so shards are balanced whatever the ladders look like and stay the same when other
// claims are added to or removed from a run.
import { deriveSeed } from '../core/rng';

/** Shard `index` of `count`, 1-based as on the command line (`--shard 2/3`). */
export interface Shard {
  index: number;
  count: number;
}

/** The shard (1-based) that owns the trial with this key. */
export function shardOf(key: string, count: number): number {
  return (deriveSeed('shard', key) % count) + 1;
}

/** Whether the shard runs this trial; every trial when there is no shard. */
export function ownsTrial(shard: Shard | undefined, key: string): boolean {
  return !shard || shardOf(key, shard.count) === shard.index;
}
