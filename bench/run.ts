// `npm run bench`: products of the training loops (ours in WebAssembly and JS, ml-matrix, numpy when python3
// has it), one GD step against numpy's, and the default run with 1 and 2 workers, with and without sequential
// stopping. Writes reports/bench.md. `--skip-runs` leaves out the default runs (minutes); `--out FILE`.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelBackend } from '../src/core/linalg/gemm';
import type { Report } from '../src/contract/report';
import { reportJson, withoutTiming } from '../src/report/json';
import { flops, SHAPES, timeProduct, type KernelTimes } from './kernels';
import { STEP, timeStep } from './step';
import { exitedChildrenCpuSeconds } from './timing';
import { overheadMarkdown, protocolShare, trainerOverhead, type OverheadResult } from './trainer-overhead';
import { pythonWith } from '../src/runner/trainers/python';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(root, 'reports', 'bench.md');
const skipRuns = args.includes('--skip-runs');

const log = (text: string) => process.stderr.write(`${text}\n`);
const gflops = (f: number, s: number) => (f / s / 1e9).toFixed(2);
const ratio = (x: number) => `${x.toFixed(2)}×`;
const check = (ok: boolean) => (ok ? 'met' : '**not met**');

interface NumpyTimes {
  numpy: string;
  products: number[];
  step: number;
}

/** numpy's seconds for the same shapes, or why there are none. */
function numpyTimes(): NumpyTimes | string {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'python3 with numpy is not available: numpy columns skipped';
  const input = JSON.stringify({ products: SHAPES.map(({ op, m, n, k }) => ({ op, m, n, k })), step: STEP });
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const text = execFileSync('python3', [join(root, 'bench', 'numpy_bench.py')], { input, env, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(text) as NumpyTimes;
}

interface RunResult {
  label: string;
  workers: number;
  sequential: boolean;
  wall: number;
  /** CPU seconds of the run and its workers, where the platform tells (timing.ts). */
  cpu?: number;
  report: Report;
}

/** The default run as `npm run check` makes it, timed on the wall clock from start to exit. */
function defaultRun(label: string, workers: number, sequential: boolean, alone = true): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-bench-'));
  const flags = ['bin/theorycheck.js', 'run', '--scale', 'default', '--seed', '1', '--quiet', '--out', dir, '--workers', String(workers)];
  if (!sequential) flags.push('--no-sequential');
  log(`bench: default run, ${label}`);
  const started = performance.now();
  const cpuBefore = exitedChildrenCpuSeconds();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, flags, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      const wall = (performance.now() - started) / 1000;
      if (code !== 0 && code !== 1) return reject(new Error(`default run (${label}) exited with ${code}`));
      const cpuAfter = exitedChildrenCpuSeconds();
      // Runs side by side would count each other's CPU: only a run alone gets a figure.
      const cpu = alone && cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
      resolve({ label, workers, sequential, wall, cpu, report: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report });
    });
  });
}

const trialsOf = (r: Report) => r.claims.reduce((s, c) => s + c.results.reduce((t, x) => t + x.trials, 0), 0);
const verdictsOf = (r: Report) => r.claims.flatMap((c) => c.results.map((x) => `${c.id} ${x.scale.name} ${x.verdict}`));
const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

async function main() {
  const lines: string[] = [];
  const load = loadavg().map((x) => x.toFixed(2)).join(', ');
  log(`bench: kernels (backend ${kernelBackend()})`);
  const ours: KernelTimes[] = SHAPES.map((s) => {
    log(`  ${s.label}`);
    return timeProduct(s);
  });
  const stepWasm = timeStep(STEP, 'auto');
  const stepJs = timeStep(STEP, 'js');
  log('bench: numpy');
  const numpy = numpyTimes();
  const np = typeof numpy === 'string' ? undefined : numpy;

  lines.push(
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}${np ? `, numpy ${np.numpy} (OpenBLAS, one thread)` : ''}; load average at the start ${load}.`,
    '',
    'Products and steps are timed in CPU seconds of the process (best of 7 repetitions of at least 30 ms each, numpy',
    'likewise): on a machine shared with other work this leaves out the time slices others take, so ratios within',
    'one run are fair while absolute figures are pessimistic. The default runs are timed on the wall clock.',
    '',
    '## Products',
    '',
    `GFLOP/s (2mnk per product). Ours: WebAssembly SIMD kernels${kernelBackend() === 'wasm' ? '' : ' (**unavailable here: the JS fallback ran**)'} with the outputs in a workspace arena, and the data and weights staged on full batches and in the arena for single-sample SGD, as in training; pure-JS kernels (the fallback); ml-matrix \`mmul\`.`,
    '',
    `| product | ours (WASM) | ours (JS) | ml-matrix | numpy | WASM / numpy | WASM / ml-matrix | JS / ml-matrix |`,
    `|---|---|---|---|---|---|---|---|`,
  );
  for (const [i, s] of SHAPES.entries()) {
    const t = ours[i];
    const f = flops(s);
    const npT = np?.products[i];
    lines.push(
      `| ${s.label} | ${gflops(f, t.wasm)} | ${gflops(f, t.js)} | ${gflops(f, t.mlMatrix)} | ${npT ? gflops(f, npT) : '–'} | ${npT ? ratio(npT / t.wasm) : '–'} | ${ratio(t.mlMatrix / t.wasm)} | ${ratio(t.mlMatrix / t.js)} |`,
    );
  }
  if (!np) lines.push('', String(numpy));
  // A matrix-vector product reads each entry of its matrix once: past L2 its speed is the memory's, not the
  // arithmetic's, and numpy's rate marks what the machine's bandwidth allows.
  const streamed = SHAPES.map((s, i) => ({ s, i, bytes: 8 * s.m * s.k })).filter(({ s, bytes }) => (s.op === 'gemv' || s.op === 'gemvT') && bytes > 2 ** 21);
  if (streamed.length) {
    const rate = (bytes: number, seconds: number) => `${(bytes / seconds / 1e9).toFixed(1)} GB/s`;
    lines.push(
      '',
      `Matrix read per product by the matrix-vector rows past L2: ${streamed
        .map(({ s, i, bytes }) => `${s.label.split(' (')[0]} ${(bytes / 2 ** 20).toFixed(0)} MiB, ours ${rate(bytes, ours[i].wasm)}${np ? `, numpy ${rate(bytes, np.products[i])}` : ''}, ml-matrix ${rate(bytes, ours[i].mlMatrix)}`)
        .join('; ')}. They are bounded by memory bandwidth${np ? `: numpy itself is ${streamed.map(({ i }) => ratio(ours[i].mlMatrix / np.products[i])).join(' and ')} ml-matrix on them, about what any kernel could reach here` : ''}.`,
    );
  }
  // The products the trainer runs, in two groups: the matrix products of a full-batch step (X·Wᵀ and Gᵀ·X at
  // both sizes) and the matrix-vector ones (single-sample SGD, outputs S·a, ∂a = Sᵀ·r). G·W and the 128 x 256
  // product are there for comparison only: the trainer computes no input gradient.
  const groups = [
    { name: 'matrix products', rows: [0, 1, 4, 5] },
    { name: 'matrix-vector', rows: [6, 7, 8, 9] },
  ].map(({ name, rows }) => ({
    name,
    numpy: np ? Math.min(...rows.map((i) => np.products[i] / ours[i].wasm)) : undefined,
    ml: Math.min(...rows.map((i) => ours[i].mlMatrix / ours[i].wasm)),
  }));

  lines.push(
    '',
    `## One GD step (n = ${STEP.n}, d = ${STEP.d}, m = ${STEP.m}, ReLU, square loss, both layers)`,
    '',
    '| | ms per step | / numpy |',
    '|---|---|---|',
    `| ours, WebAssembly where it pays | ${(stepWasm * 1e3).toFixed(2)} | ${np ? ratio(stepWasm / np.step) : '–'} |`,
    `| ours, pure JS | ${(stepJs * 1e3).toFixed(2)} | ${np ? ratio(stepJs / np.step) : '–'} |`,
    `| numpy, preallocated buffers | ${np ? (np.step * 1e3).toFixed(2) : '–'} | ${np ? '1.00×' : '–'} |`,
  );

  // The example trainers through the protocol, against the reference in the same run.
  const pythons = { torch: pythonWith('torch'), numpy: pythonWith('numpy') };
  const commands = Object.fromEntries(
    Object.entries(pythons).flatMap(([name, python]) => (python ? [[name, `${python} ${join(root, 'examples', `${name}_trainer.py`)}`]] : [])),
  );
  let overhead: OverheadResult | undefined;
  if (Object.keys(commands).length) {
    log('bench: process trainers');
    overhead = await trainerOverhead(commands);
    lines.push(...overheadMarkdown(overhead));
  } else {
    lines.push('', 'No python3 with torch or numpy: the process trainers are not timed.');
  }

  let runs: RunResult[] = [];
  let ceilingText = '';
  if (!skipRuns) {
    // One at a time: the runs must not compete with each other for the cores.
    for (const [label, workers, sequential] of [
      ['full counts, 1 worker', 1, false],
      ['sequential, 1 worker', 1, true],
      ['sequential, 2 workers', 2, true],
    ] as const) {
      runs.push(await defaultRun(label, workers, sequential));
    }
    // The ceiling for 2 workers: two independent 1-worker runs side by side share the memory system and caches
    // as two workers do, without any pool; their throughput against one run alone is what the hardware allows.
    log('bench: two 1-worker runs side by side');
    const pairCpuBefore = exitedChildrenCpuSeconds();
    const pair = await Promise.all([defaultRun('side by side, a', 1, true, false), defaultRun('side by side, b', 1, true, false)]);
    const pairCpuAfter = exitedChildrenCpuSeconds();
    const [full, seq1, seq2] = runs;
    const ceiling = (2 * seq1.wall) / Math.max(...pair.map((r) => r.wall));
    const identical = reportJson(withoutTiming(seq1.report)) === reportJson(withoutTiming(seq2.report));
    const verdictsEqual = same(verdictsOf(full.report), verdictsOf(seq1.report));
    lines.push(
      '',
      '## The default run (`npm run check`)',
      '',
      '| run | wall s | CPU s | cores busy | trials | rungs agreeing | report.json |',
      '|---|---|---|---|---|---|---|',
      ...runs.map((r) => {
        const rungs = r.report.claims.flatMap((c) => c.results);
        const gated = rungs.filter((x) => x.expected !== 'observe');
        const cpu = r.cpu === undefined ? '–' : r.cpu.toFixed(1);
        const busy = r.cpu === undefined ? '–' : (r.cpu / r.wall).toFixed(2);
        return `| ${r.label} | ${r.wall.toFixed(1)} | ${cpu} | ${busy} | ${trialsOf(r.report)} | ${gated.filter((x) => x.verdict === 'agrees').length}/${gated.length} | ${r === seq2 ? (identical ? 'identical to 1 worker' : '**differs from 1 worker**') : ''} |`;
      }),
      '',
      `2 workers against 1: ${ratio(seq1.wall / seq2.wall)} faster. Two 1-worker runs side by side took ${pair.map((r) => r.wall.toFixed(1)).join(' and ')} s: with both cores busy this machine does ${ratio(ceiling)} the work of one run alone, the ceiling for 2 workers.`,
      ...(seq1.cpu === undefined
        ? []
        : [
            '',
            // One worker runs in the main process with V8's helper threads (concurrent marking and sweeping,
            // background compilation) on the otherwise idle core; the pool's workers run --single-threaded
            // (pool.ts), so the same work must fit in two cores: wall ≥ CPU / 2.
            `One worker keeps ${(seq1.cpu / seq1.wall).toFixed(2)} cores busy: V8's helper threads take the idle second core. The same ${seq1.cpu.toFixed(1)} CPU seconds on two cores take at least ${(seq1.cpu / 2).toFixed(1)} s, so 2 workers can be at most ${ratio((2 * seq1.wall) / seq1.cpu)} faster here${pairCpuBefore !== undefined && pairCpuAfter !== undefined ? `; the two runs side by side used ${(pairCpuAfter - pairCpuBefore).toFixed(1)} CPU seconds in all` : ''}.`,
          ]),
      '',
      `Sequential stopping: ${trialsOf(seq1.report)} of ${trialsOf(full.report)} trials (${(100 * trialsOf(seq1.report) / trialsOf(full.report)).toFixed(1)}%), verdicts ${verdictsEqual ? 'identical to' : '**different from**'} the full-count run's, ${ratio(full.wall / seq1.wall)} faster.`,
      '',
      '### Trials per second per claim (full counts, 1 worker)',
      '',
      '| claim | trials | seconds | trials / s |',
      '|---|---|---|---|',
      ...full.report.claims.map((c) => {
        const trials = c.results.reduce((s, x) => s + x.trials, 0);
        return `| ${c.id} | ${trials} | ${c.seconds.toFixed(2)} | ${(trials / c.seconds).toFixed(1)} |`;
      }),
    );
    runs = [full, seq1, seq2];
    ceilingText = ` (ceiling here ${ratio(ceiling)})`;
  }

  lines.push('', '## Targets', '', '| target | measured | |', '|---|---|---|');
  for (const g of groups) {
    if (g.numpy !== undefined) lines.push(`| products ≥ 0.4× numpy: the trainer's ${g.name} (worst) | ${ratio(g.numpy)} | ${check(g.numpy >= 0.4)} |`);
    lines.push(`| products ≥ 15× ml-matrix: the trainer's ${g.name} (worst) | ${ratio(g.ml)} | ${check(g.ml >= 15)} |`);
  }
  if (np) lines.push(`| GD step ≤ 2.5× numpy's | ${ratio(stepWasm / np.step)} | ${check(stepWasm / np.step <= 2.5)} |`);
  // The PyTorch example is the one a user compares with the reference; numpy's figures stand in the table above.
  for (const t of overhead?.trainers.filter((x) => x.name === 'torch') ?? []) {
    const share = protocolShare(overhead!, t);
    lines.push(`| ${t.name} trainer: protocol and setup ≤ 20% of its time | ${(100 * share).toFixed(1)}% | ${check(share <= 0.2)} |`);
  }
  if (runs.length) {
    const [full, seq1, seq2] = runs;
    const share = trialsOf(seq1.report) / trialsOf(full.report);
    lines.push(
      `| 2 workers ≥ 1.8× faster than 1 | ${ratio(seq1.wall / seq2.wall)}${ceilingText} | ${check(seq1.wall / seq2.wall >= 1.8)} |`,
      `| sequential stopping ≤ 60% of the trials, same verdicts | ${(100 * share).toFixed(1)}%, verdicts ${same(verdictsOf(full.report), verdictsOf(seq1.report)) ? 'same' : 'differ'} | ${check(share <= 0.6 && same(verdictsOf(full.report), verdictsOf(seq1.report)))} |`,
      `| default run under 2 minutes | ${seq2.wall.toFixed(1)} s (2 workers) | ${check(seq2.wall < 120)} |`,
    );
  }
  lines.push('', `Load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(', ')}.`);
  writeFileSync(out, `${lines.join('\n')}\n`);
  log(`bench: wrote ${out}`);
}

await main();
