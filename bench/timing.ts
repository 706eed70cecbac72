// Timing for the benchmarks: the process's CPU time (user + system) per call, best of REPS repetitions of at
// least MIN_SECONDS each. On a machine shared with other work, wall-clock time counts the time slices given to
// other processes; CPU time does not, so ratios taken within one run stay meaningful (bench/numpy_bench.py
// measures numpy the same way).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MIN_SECONDS = 0.03;
const REPS = 7;

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Seconds of CPU per call of fn, best of `reps` repetitions. */
export function bestSeconds(fn: () => unknown, reps = REPS): number {
  fn();
  let calls = 1;
  for (;;) {
    const t = cpuSeconds();
    for (let c = 0; c < calls; c++) fn();
    if (cpuSeconds() - t >= MIN_SECONDS) break;
    calls *= 2;
  }
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = cpuSeconds();
    for (let c = 0; c < calls; c++) fn();
    best = Math.min(best, (cpuSeconds() - t) / calls);
  }
  return best;
}

let ticksPerSecond: number | null | undefined;

/**
 * CPU seconds (user + system) of this process's children that have exited and been waited for, their own
 * waited-for children included (Linux /proc/self/stat, cutime + cstime); undefined where there is no /proc.
 * A run's CPU seconds over its wall seconds is how many cores it kept busy, V8's helper threads included.
 */
export function exitedChildrenCpuSeconds(): number | undefined {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || null;
    } catch {
      ticksPerSecond = null;
    }
  }
  if (ticksPerSecond === null) return undefined;
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16, 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}
