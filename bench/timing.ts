// Timing for the benchmarks: the process's CPU time (user + system) per call, best of REPS repetitions of at
// least MIN_SECONDS each. On a machine shared with other work, wall-clock time counts the time slices given to
// other processes; CPU time does not, so ratios taken within one run stay meaningful (bench/numpy_bench.py
// measures numpy the same way).

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
