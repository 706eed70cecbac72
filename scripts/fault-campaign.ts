// npm run fault-campaign: a reproducible fault-injection campaign against the `theorycheck` command, run as a new
// user would run it (node bin/theorycheck.js in a child process, tiny runs), then reports/fault-campaign.md.
//
// Each case injects one fault (a signal at a random moment, a misbehaving trainer module or process, a tampered
// checkpoint, an output directory that cannot take the report, bad input) and is classified mechanically from what
// the command did, never by hand:
//   hang      a command did not exit within --hang-seconds (it and its process group are killed);
//   crash     a stack trace ("    at ") or "internal error" on stderr, exit 3, a signal we did not send, or an exit
//             code that is not a documented one (0, 1, 2, 4; 128 + n after our signal n: 130 SIGINT, 143 SIGTERM).
//             A trace whose every frame is in the trainer fixture or Node's internals is the trainer's own uncaught
//             exception passed through stderr: noted, not a crash;
//   orphan    a process started by the command (its descendants, seen every 100 ms, or any process carrying the
//             case's TC_CASE marker in its environment) was still alive 2 s after it exited;
//   clear error             exit 2 (notes flag more than one stderr line, or a message not naming the fault);
//   silent corruption/loss  exit 0, 1 or 4 but the case's oracle refuses the outcome: no report, a truncated
//             report.json, a report that differs from the uninterrupted run's apart from timing, bad input accepted;
//   survived  exit 0, 1 or 4 and the oracle accepts the outcome.
// Precedence: hang, crash, orphan, silent corruption, then clear error or survived.
//
// Flags: --only REGEX (case ids), --out FILE (default reports/fault-campaign.md), --seed S (the random moments),
// --jobs N (commands at once, default 2), --hang-seconds S (default 120), --keep (keep the work directory).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { withoutTiming } from '../src/report/json';
import { planHash, sealLine, type RunConfig } from '../src/runner/checkpoint';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    out: { type: 'string', default: 'reports/fault-campaign.md' },
    seed: { type: 'string', default: '1' },
    jobs: { type: 'string', default: '2' },
    'hang-seconds': { type: 'string', default: '120' },
    keep: { type: 'boolean', default: false },
  },
});

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/theorycheck.js');
const HANG_MS = Number(values['hang-seconds']) * 1000;
const JOBS = Math.max(1, Number(values.jobs));
const CAMPAIGN_SEED = Number(values.seed);
/** After a command exits, its descendants get this long to go before they count as orphans. */
const ORPHAN_GRACE_MS = 2000;
const OUTPUT_CAP = 8 * 1024 * 1024;
const WORK = mkdtempSync(join(tmpdir(), 'theorycheck-fault-campaign-'));
const FIX = join(WORK, 'fixtures');
const MOD = join(FIX, 'mod.ts');
const PROC = join(FIX, 'proc.mjs');
const WRAPPER = join(FIX, 'wrapper.sh');
/** The trainer module again, in a directory with no package.json above it. */
const PLAIN_DIR = join(WORK, 'plain');
const PLAIN_MOD = join(PLAIN_DIR, 'mod.ts');
const NODE = process.execPath;
const PROC_CMD = `${NODE} ${PROC}`;
const mounts: string[] = [];

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: a trainer module and a trainer process, both wrapping the reference trainer, misbehaving as TC_FAULT
// says on "bad" requests (seed divisible by 3, so a retry misbehaves again) or, for the -once modes, on the first
// request of all (TC_MARKER is the file that remembers it across processes).

function tsxApiUrl(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return pathToFileURL(join(ROOT, 'node_modules/tsx/dist/esm/api/index.mjs')).href;
  }
}
const REF_URL = pathToFileURL(join(ROOT, 'src/core/train/reference.ts')).href;

/** In both fixtures: whether this is the first misbehaving request of the case (TC_MARKER, made with O_EXCL). */
const FIRST_SOURCE = `function first() {
  const marker = process.env.TC_MARKER;
  if (!marker) return false;
  try {
    closeSync(openSync(marker, 'wx'));
    return true;
  } catch {
    return false;
  }
}`;

const MOD_SOURCE = `// Trainer module for the fault campaign: the reference trainer, misbehaving as TC_FAULT says.
import { closeSync, openSync } from 'node:fs';
import { referenceTrainer } from ${JSON.stringify(REF_URL)};

${FIRST_SOURCE}

const trainer = {
  name: 'mod',
  supports(request: any): boolean {
    if (process.env.TC_FAULT === 'supports-throws' && request.seed % 3 === 0) throw new Error('capability probe failed: driver not loaded');
    return referenceTrainer.supports(request);
  },
  train(request: any): any {
    const mode = process.env.TC_FAULT ?? 'none';
    const bad = request.seed % 3 === 0;
    if (mode === 'log-stdout') console.log('[mod] training request with seed ' + request.seed);
    if (mode === 'hang-async' && bad) return new Promise(() => undefined);
    if (mode === 'hang-sync' && bad) for (;;);
    if (mode === 'throw-object' && bad) throw { code: 42, detail: 'device lost' };
    if (mode === 'throw-cyclic' && bad) {
      const o: any = { kind: 'cyclic' };
      o.self = o;
      throw o;
    }
    if (mode === 'exit-some' && bad) process.exit(0);
    if (mode === 'kill-some' && bad) process.kill(process.pid, 'SIGKILL');
    if (mode === 'kill-once' && first()) process.kill(process.pid, 'SIGKILL');
    if (mode === 'exit-once' && first()) process.exit(1);
    if (mode === 'timer-throw' && bad) setTimeout(() => { throw new Error('async boom from a timer'); }, 0);
    if (mode === 'undefined' && bad) return undefined;
    const result = referenceTrainer.train(request);
    if (mode === 'nan' && bad) return Promise.resolve(result).then((r: any) => ({ ...r, W: new Float64Array(r.W.length).fill(Number.NaN) }));
    if (mode === 'shape' && bad) return Promise.resolve(result).then((r: any) => ({ ...r, W: r.W.subarray(0, r.W.length - 1) }));
    return result;
  },
};
export default trainer;
`;

const PROC_SOURCE = `// Trainer process for the fault campaign: the reference trainer over the JSON-lines protocol, misbehaving as
// TC_FAULT says.
import { createInterface } from 'node:readline';
import { closeSync, openSync } from 'node:fs';

const mode = process.env.TC_FAULT ?? 'none';
const forever = () => new Promise(() => setInterval(() => undefined, 1000));
const out = (text) => new Promise((done) => (process.stdout.write(text) ? done() : process.stdout.once('drain', done)));
const err = (text) => new Promise((done) => (process.stderr.write(text) ? done() : process.stderr.once('drain', done)));
${FIRST_SOURCE}

if (mode === 'exit-before-greeting') {
  process.stderr.write("Traceback (most recent call last):\\nModuleNotFoundError: No module named 'torch'\\n");
  process.exit(1);
}
if (mode === 'no-greeting') await forever();
const { register } = await import(${JSON.stringify(tsxApiUrl())});
register();
const { referenceTrainer } = await import(${JSON.stringify(REF_URL)});

const NF = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };
const F64 = new Set(['W', 'a', 'X', 'y', 'direction']);
function fromWire(v, key) {
  if (Array.isArray(v)) return F64.has(key) ? Float64Array.from(v, (x) => (typeof x === 'string' ? NF[x] : x)) : v.map((x) => fromWire(x));
  if (typeof v === 'string' && v in NF) return NF[v];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromWire(x, k)]));
  return v;
}
function toWire(v) {
  if (v instanceof Float64Array) return Array.from(v, (x) => (Number.isFinite(x) ? x : String(x)));
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (Array.isArray(v)) return v.map(toWire);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, toWire(x)]));
  return v;
}

if (mode === 'garbage-greeting') await out('Loading CUDA kernels... done\\n');
const greeting = { protocol: 'theorycheck-trainer', version: mode === 'greeting-v2' ? 2 : 1, name: 'proc', supports: { features: ['displacement', 'probe'] } };
await out(JSON.stringify(greeting) + '\\n');
if (mode === 'stubborn') {
  process.on('SIGTERM', () => undefined);
  setInterval(() => undefined, 1000);
}
for await (const line of createInterface({ input: process.stdin })) {
  const { id, request } = JSON.parse(line);
  const bad = request.seed % 3 === 0;
  if (mode === 'hang' && bad) await forever();
  if (mode === 'close-stdout' && bad) {
    process.stdout.end();
    await forever();
  }
  if (mode === 'crash-mid' && bad) {
    process.stdout.write('{"id":' + id + ',"result":{"W":[0.1,');
    process.stderr.write('Segmentation fault (simulated)\\n');
    process.exit(1);
  }
  if (mode === 'crash-once' && first()) process.kill(process.pid, 'SIGKILL');
  if (mode === 'huge-line' && first()) {
    const chunk = 'x'.repeat(1 << 20);
    for (let i = 0; i < 600; i++) await out(chunk);
    await out('\\n');
    continue;
  }
  if (mode === 'garbage-before' && bad) await out('DEBUG epoch 1 loss 0.25\\n');
  if (mode === 'error-reply' && bad) {
    await out(JSON.stringify({ id, error: 'CUDA error: out of memory' }) + '\\n');
    continue;
  }
  if (mode === 'stderr-flood') for (let i = 0; i < 16; i++) await err('W'.repeat(65535) + '\\n');
  const result = toWire(await referenceTrainer.train(fromWire(request)));
  if (mode === 'nan' && bad) result.W = result.W.map(() => 'NaN');
  if (mode === 'pad' && bad) result.padding = 'x'.repeat(2 << 20);
  let text = JSON.stringify({ id: mode === 'wrong-id' && bad ? id + 1000 : id, result }) + '\\n';
  if (mode === 'stray-after') text += 'progress: request done\\n';
  await out(text);
  if (mode === 'exit-after-answer') process.exit(0);
}
`;

function writeFixtures(): void {
  mkdirSync(FIX, { recursive: true });
  // The fixtures are ES modules, as in a package with "type": "module" (see input.trainer-outside-esm-package).
  writeFileSync(join(FIX, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(PLAIN_DIR, { recursive: true });
  writeFileSync(PLAIN_MOD, MOD_SOURCE);
  writeFileSync(MOD, MOD_SOURCE);
  writeFileSync(PROC, PROC_SOURCE);
  writeFileSync(WRAPPER, `#!/bin/sh\n# A wrapper that leaves a background child holding the trainer's stdout.\nsleep 300 &\nexec ${NODE} ${PROC}\n`);
  writeFileSync(join(FIX, 'no-default.ts'), 'export const trainer = { name: "x" };\n');
  writeFileSync(join(FIX, 'throws-on-import.ts'), 'throw new Error("cannot load the torch bindings");\nexport default {};\n');
  writeFileSync(join(FIX, 'unknown-keys.json'), JSON.stringify({ scale: 'small', clam: ['quadratic.recovery-threshold'], runs: 4 }));
  writeFileSync(join(FIX, 'not-json.json'), '{ scale: small, runs: 4 ');
  writeFileSync(join(FIX, 'wrong-type.json'), JSON.stringify({ scale: 'small', runs: 'many' }));
}

// ---------------------------------------------------------------------------------------------------------------
// Processes: every command is spawned detached (its own process group) with a TC_CASE marker in its environment;
// its descendants are recorded from /proc every 100 ms.

interface ProcInfo {
  state: string;
  ppid: number;
  pgrp: number;
  start: string;
}

function stat(pid: number): ProcInfo | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: f[0], ppid: Number(f[1]), pgrp: Number(f[2]), start: f[19] };
  } catch {
    return undefined;
  }
}

function pids(): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().replaceAll(WORK, '$WORK').slice(0, 100);
  } catch {
    return '?';
  }
}

function hasMarker(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`TC_CASE=${marker}`);
  } catch {
    return false;
  }
}

class Tracker {
  readonly known = new Map<number, { start: string; cmd: string }>();
  constructor(
    readonly root: number,
    readonly marker: string,
  ) {
    const st = stat(root);
    if (st) this.known.set(root, { start: st.start, cmd: 'theorycheck' });
  }
  tick(): void {
    const all = new Map<number, ProcInfo>();
    for (const pid of pids()) {
      const st = stat(pid);
      if (st) all.set(pid, st);
    }
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, st] of all) {
        if (this.known.has(pid)) continue;
        if (this.known.has(st.ppid) || st.pgrp === this.root) {
          this.known.set(pid, { start: st.start, cmd: cmdline(pid) });
          grew = true;
        }
      }
    }
  }
  /** Processes of this command still alive: recorded descendants, its process group, its marker. */
  survivors(): { pid: number; cmd: string }[] {
    const found = new Map<number, string>();
    for (const [pid, info] of this.known) {
      if (pid === this.root) continue;
      const st = stat(pid);
      if (st && st.start === info.start && st.state !== 'Z') found.set(pid, info.cmd);
    }
    for (const pid of pids()) {
      if (pid === process.pid || found.has(pid)) continue;
      const st = stat(pid);
      if (!st || st.state === 'Z') continue;
      if (st.pgrp === this.root || hasMarker(pid, this.marker)) found.set(pid, cmdline(pid));
    }
    return [...found].map(([pid, cmd]) => ({ pid, cmd }));
  }
  killAll(): void {
    try {
      process.kill(-this.root, 'SIGKILL');
    } catch {
      // gone
    }
    for (const { pid } of this.survivors()) kill(pid);
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

interface Interrupt {
  signal: NodeJS.Signals;
  target: 'main' | 'group';
  /** first-trial: once OUT/trials.jsonl holds a trial line; start: from the spawn. */
  after: 'first-trial' | 'start';
  delayMs: number;
  out: string;
  /** Send the signal again this long after the first (an impatient Ctrl-C Ctrl-C). */
  againMs?: number;
}

interface Proc {
  label: string;
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
  hung: boolean;
  orphans: string[];
  sent?: { signal: NodeJS.Signals; target: string; at: number };
  sentNote?: string;
  firstTrialSeconds?: number;
  /** Exit codes that are not a crash for this command. */
  allowed: number[];
}

interface RunOptions {
  env?: Record<string, string>;
  interrupt?: Interrupt;
  /** Record when OUT/trials.jsonl first holds a trial line. */
  watch?: string;
  /** Called once the command runs (to start a second one beside it). */
  onSpawn?: () => void;
}

let markers = 0;
/** The commands running now: a campaign interrupted ends them (they run in process groups of their own). */
const active = new Set<Tracker>();
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

function hasTrial(out: string): boolean {
  try {
    return readFileSync(join(out, 'trials.jsonl'), 'utf8').includes('\n{"trial"');
  } catch {
    return false;
  }
}

function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TC_') && k !== 'THEORYCHECK_KERNELS') env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

async function runCli(label: string, args: string[], options: RunOptions = {}): Promise<Proc> {
  const marker = `${process.pid}-${++markers}`;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const child = spawn(NODE, [BIN, ...args], { cwd: ROOT, env: cleanEnv({ ...options.env, TC_CASE: marker }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const result: Proc = { label, args, code: null, signal: null, stdout: '', stderr: '', seconds: 0, hung: false, orphans: [], allowed: [0, 1, 2, 4] };
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    if (result.stdout.length < OUTPUT_CAP) result.stdout += s;
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    if (result.stderr.length < OUTPUT_CAP) result.stderr += s;
  });
  const exited = new Promise<void>((done) => {
    child.on('exit', (code, signal) => {
      result.code = code;
      result.signal = signal;
      result.seconds = seconds();
      done();
    });
    child.on('error', (err) => {
      result.stderr += `spawn failed: ${err.message}\n`;
      done();
    });
  });
  const closed = new Promise<void>((done) => child.on('close', () => done()));
  const pid = child.pid ?? -1;
  const tracker = new Tracker(pid, marker);
  active.add(tracker);
  let running = true;
  void exited.then(() => (running = false));
  const hangTimer = setTimeout(() => {
    result.hung = true;
    tracker.killAll();
  }, HANG_MS);
  options.onSpawn?.();
  const interrupt = options.interrupt;
  let armed = false;
  const watchOut = interrupt?.after === 'first-trial' ? interrupt.out : options.watch;
  const fire = () => {
    if (!interrupt) return;
    if (!running) {
      result.sentNote = `exited before the ${interrupt.signal}`;
      return;
    }
    try {
      process.kill(interrupt.target === 'group' ? -pid : pid, interrupt.signal);
      result.sent = { signal: interrupt.signal, target: interrupt.target, at: seconds() };
      if (interrupt.againMs !== undefined) {
        setTimeout(() => {
          if (!running) return;
          try {
            process.kill(interrupt.target === 'group' ? -pid : pid, interrupt.signal);
            result.sentNote = `${interrupt.signal} sent again at ${seconds().toFixed(2)} s`;
          } catch {
            // gone
          }
        }, interrupt.againMs);
      }
    } catch (err) {
      result.sentNote = `${interrupt.signal} not sent: ${(err as Error).message}`;
    }
  };
  if (interrupt?.after === 'start') {
    armed = true;
    setTimeout(fire, interrupt.delayMs);
  }
  const poll = setInterval(() => {
    if (!running) return;
    tracker.tick();
    if (watchOut && result.firstTrialSeconds === undefined && hasTrial(watchOut)) {
      result.firstTrialSeconds = seconds();
      if (interrupt && !armed) {
        armed = true;
        setTimeout(fire, interrupt.delayMs);
      }
    }
  }, 100);
  await exited;
  clearInterval(poll);
  if (interrupt && !armed) result.sentNote = `exited before its first trial: no ${interrupt.signal} sent`;
  await Promise.race([closed, sleep(ORPHAN_GRACE_MS)]);
  await sleep(Math.max(0, ORPHAN_GRACE_MS - (seconds() - result.seconds) * 1000));
  clearTimeout(hangTimer);
  const left = tracker.survivors();
  if (left.length) {
    await sleep(3000);
    const still = new Set(tracker.survivors().map((p) => p.pid));
    result.orphans = left.map((p) => `pid ${p.pid} ${p.cmd}${still.has(p.pid) ? '' : ' (gone within 5 s)'}`);
    for (const p of left) kill(p.pid);
  }
  active.delete(tracker);
  if (interrupt && result.sent) {
    // The shell's convention: 128 + the signal's number (130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP).
    const code = 128 + (SIGNAL_NUMBERS[interrupt.signal] ?? 0);
    result.allowed = [code, 0, 1, 4];
    if (result.code !== null && result.code !== code) result.sentNote = `exit ${result.code} after ${interrupt.signal} (the convention: ${code})`;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Reports and their comparison.

const stable = (json: unknown) => JSON.stringify(withoutTiming(json), null, 1);

function readJson(file: string): { json?: any; error?: string } {
  if (!existsSync(file)) return { error: `no ${file.replace(WORK, '$WORK').split('/').pop()} written` };
  const text = readFileSync(file, 'utf8');
  try {
    return { json: JSON.parse(text) };
  } catch {
    return { error: `report.json does not parse (${text.length} bytes: truncated?)` };
  }
}

/** The first path at which two JSON values differ, with both values, short. */
function firstDiff(a: any, b: any, path = ''): string {
  const show = (v: unknown) => {
    const s = JSON.stringify(v) ?? 'undefined';
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  };
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return firstDiff(a[k], b[k], `${path}.${k}`);
    }
  }
  return `${path || '(root)'}: ${show(a)} → ${show(b)}`;
}

interface Baseline {
  name: string;
  dir: string;
  args: string[];
  proc: Proc;
  json: any;
  bare: string;
}

const baselines = new Map<string, Baseline>();
const B = (name: string): Baseline => {
  const b = baselines.get(name);
  if (!b) throw new Error(`baseline ${name} missing`);
  return b;
};

type Oracle = (p: Proc) => string | undefined;

/** The report in dir equals the baseline's apart from timing, and the exit code is the baseline's. */
function sameAs(base: Baseline, dir: string, rewrite: (text: string) => string = (t) => t): Oracle {
  return (p) => {
    const { json, error } = readJson(join(dir, 'report.json'));
    if (error) return error;
    if (rewrite(stable(json)) !== base.bare) return `report.json differs from the uninterrupted run's: ${firstDiff(withoutTiming(base.json), JSON.parse(rewrite(JSON.stringify(withoutTiming(json)))))}`;
    if (p.code !== base.proc.code) return `exit ${p.code}; the uninterrupted run exited ${base.proc.code}`;
    return undefined;
  };
}

const rungNames = (r: any): string[] => r.claims.flatMap((c: any) => c.results.map((x: any) => `${c.id} ${x.scale.name}`));

/**
 * A run against a faulty trainer: the report equals the fault-free run's (the fault was recovered), or it is whole
 * (every claim and rung of the fault-free run), names the fault, and the exit code is the report's, non-zero when a
 * holds rung has errored trials.
 */
function namedFault(base: Baseline, dir: string, fault: RegExp): Oracle {
  return (p) => {
    const { json, error } = readJson(join(dir, 'report.json'));
    if (error) return error;
    if (stable(json) === base.bare && p.code === base.proc.code) return undefined;
    const missing = rungNames(base.json).filter((r) => !rungNames(json).includes(r));
    if (missing.length) return `rungs missing from the report: ${missing.join(', ')}`;
    if (json.summary.exitCode !== p.code) return `exit ${p.code} but the report says ${json.summary.exitCode}`;
    if (!fault.test(JSON.stringify(json))) {
      const reasons = [...new Set(json.claims.flatMap((c: any) => c.results.flatMap((r: any) => r.reasons)))].join(' | ');
      return `the report differs from the fault-free run's but names no ${fault}: reasons ${reasons.slice(0, 200) || 'none'}`;
    }
    const erroredHolds = json.claims.some((c: any) => c.results.some((r: any) => r.expected === 'holds' && r.errors > 0));
    if (p.code === 0 && erroredHolds) return 'exit 0 with errored trials in a holds rung';
    return undefined;
  };
}

const refused: Oracle = (p) => `the fault was not refused: exit ${p.code}${p.stdout ? `, stdout: ${firstLine(p.stdout)}` : ''}`;

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Cases.

type Class = 'survived' | 'clear error' | 'silent corruption/loss' | 'crash' | 'hang' | 'orphan' | 'not applicable';

interface Outcome {
  steps: Proc[];
  /** The command whose exit is judged (default: the last). */
  final?: Proc;
  /** Judges an exit of 0, 1 or 4 of the final command: undefined when right, else what is wrong. */
  oracle?: Oracle;
  /** What an error (exit 2) must name. */
  names?: RegExp;
  /** A further check, whatever the exit: what was silently lost or corrupted. */
  also?: () => string | undefined;
  notApplicable?: string;
  notes?: string[];
}

interface Ctx {
  id: string;
  dir: string;
  rand: () => number;
}

interface Case {
  group: number;
  id: string;
  title: string;
  expect: Class[];
  /** Commands it runs at once. */
  weight: 1 | 2;
  run(ctx: Ctx): Promise<Outcome>;
}

interface Judged {
  c: Case;
  cls: Class;
  exits: string;
  seconds: number;
  stderr: string;
  notes: string[];
}

const cases: Case[] = [];
function add(group: number, id: string, title: string, expect: Class | Class[], run: (ctx: Ctx) => Promise<Outcome>, weight: 1 | 2 = 1): void {
  cases.push({ group, id, title, expect: Array.isArray(expect) ? expect : [expect], weight, run });
}

/**
 * Stack frames on stderr, and whether every one of them is the trainer fixture's own or Node's internals: then the
 * trace is the trainer's uncaught exception passed through (the worker's stderr is the command's), not theorycheck's.
 */
function stackOf(p: Proc): { frames: string[]; trainers: boolean } {
  const frames = p.stderr.split('\n').filter((l) => /^\s+at /.test(l));
  const trainers = frames.length > 0 && frames.every((f) => f.includes(FIX) || /\(node:|at node:/.test(f)) && frames.some((f) => f.includes(FIX));
  return { frames, trainers };
}

function crashWhy(p: Proc): string | undefined {
  const stack = stackOf(p);
  if (stack.frames.length && !stack.trainers) {
    const frame = stack.frames.find((f) => f.includes(ROOT)) ?? stack.frames[0];
    return `stack trace on stderr (${frame.trim().replaceAll(ROOT, '').slice(0, 90)})`;
  }
  if (/internal error/i.test(p.stderr)) return 'internal error';
  if (p.signal && p.signal !== p.sent?.signal) return `killed by ${p.signal}`;
  if (p.code !== null && !p.allowed.includes(p.code)) return `unexpected exit code ${p.code}`;
  return undefined;
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

function classify(o: Outcome): { cls: Class; notes: string[]; key?: Proc } {
  const notes = [...(o.notes ?? [])];
  if (o.notApplicable) return { cls: 'not applicable', notes: [o.notApplicable] };
  for (const s of o.steps) {
    if (s.sent) notes.push(`${s.label}: ${s.sent.signal} to ${s.sent.target} at ${s.sent.at.toFixed(2)} s`);
    if (s.sentNote) notes.push(`${s.label}: ${s.sentNote}`);
  }
  for (const s of o.steps) if (stackOf(s).trainers) notes.push(`${s.label}: the trainer's own uncaught exception and stack trace passed through to stderr (not counted as a crash)`);
  const hung = o.steps.find((s) => s.hung);
  if (hung) return { cls: 'hang', notes: [...notes, `${hung.label}: no exit within ${HANG_MS / 1000} s; killed with its process group`], key: hung };
  const final = o.final ?? o.steps[o.steps.length - 1];
  for (const s of o.steps) {
    const why = crashWhy(s);
    if (why) {
      const after = final.code === 2 ? `final exit 2: ${firstLine(final.stderr).slice(0, 80)}` : (o.oracle?.(final) ?? 'the final report is right');
      return { cls: 'crash', notes: [...notes, `${s.label}: ${why}`, `(otherwise: ${after})`], key: s };
    }
  }
  let cls: Class;
  let key = final;
  if (final.code === 2) {
    cls = 'clear error';
    const n = lines(final.stderr).length;
    if (n !== 1) notes.push(`unclear: ${n} lines on stderr`);
    if (o.names && !o.names.test(final.stderr)) notes.push(`unclear: the message does not match ${o.names}`);
  } else {
    const wrong = o.oracle ? o.oracle(final) : `exit ${final.code} (no oracle)`;
    cls = wrong ? 'silent corruption/loss' : 'survived';
    if (wrong) notes.push(wrong);
  }
  const extra = o.also?.();
  if (extra) {
    cls = 'silent corruption/loss';
    notes.push(extra);
  }
  const orphaned = o.steps.filter((s) => s.orphans.length > 0);
  if (orphaned.length) {
    if (cls === 'silent corruption/loss') notes.push('(also silent corruption/loss, above)');
    cls = 'orphan';
    key = orphaned[0];
    for (const s of orphaned) notes.push(`${s.label} left: ${s.orphans.join('; ')}`);
  }
  return { cls, notes, key };
}

function exitText(p: Proc): string {
  return p.code !== null ? String(p.code) : p.signal ?? '?';
}

// A seeded generator per case (mulberry32), so a case draws the same moments whatever runs beside it.
function rng(label: string): () => number {
  let a = createHash('sha256').update(`${CAMPAIGN_SEED}:${label}`).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The runs the cases start from (uninterrupted, fault-free), each run once.

const withWorkers = (args: string[], workers: number) => {
  const i = args.indexOf('--workers');
  return i >= 0 ? [...args.slice(0, i + 1), String(workers), ...args.slice(i + 2)] : [...args, '--workers', String(workers)];
};
const SIG_REF = (out: string) => ['run', '--scale', 'default', '--claim', 'quadratic', '--runs', '10', '--seed', '1', '--workers', '1', '--quiet', '--out', out];
const SIG_CMD = (out: string) => ['run', '--scale', 'default', '--claim', 'giant-step.single-direction', 'quadratic.trained-recovery', '--runs', '10', '--seed', '1', '--workers', '1', '--trainer-cmd', PROC_CMD, '--quiet', '--out', out];
const SMALL = (out: string, ...extra: string[]) => ['run', '--scale', 'small', '--claim', 'quadratic.recovery-threshold', 'giant-step.single-direction', '--runs', '6', '--quiet', '--out', out, ...extra];
const FAULTY = ['--scale', 'small', '--claim', 'giant-step.single-direction', 'quadratic.trained-recovery', '--runs', '6', '--trainer-timeout', '1', '--trainer-check', 'report', '--quiet'];
const MOD_ARGS = (out: string) => ['run', ...FAULTY, '--trainer', MOD, '--out', out];
const CMD_ARGS = (out: string) => ['run', ...FAULTY, '--trainer-cmd', PROC_CMD, '--out', out];

const BASELINES: [string, (out: string) => string[]][] = [
  ['sigRef', SIG_REF],
  ['sigCmd', SIG_CMD],
  ['smallRef', (out) => SMALL(out)],
  ['smallRefSeed2', (out) => SMALL(out, '--seed', '2')],
  ['mod', MOD_ARGS],
  ['cmd', CMD_ARGS],
  ['shard1', (out) => SMALL(out, '--shard', '1/2')],
  ['shard2', (out) => SMALL(out, '--shard', '2/2')],
  ['shard2Seed2', (out) => SMALL(out, '--shard', '2/2', '--seed', '2')],
  ['other', (out) => ['run', '--scale', 'small', '--claim', 'quadratic.identity-below-barrier', '--runs', '4', '--quiet', '--out', out]],
];

async function runBaseline(name: string, args: (out: string) => string[]): Promise<void> {
  const dir = join(WORK, 'baselines', name);
  const a = args(dir);
  const proc = await runCli(`baseline ${name}`, a, { watch: dir });
  const { json, error } = readJson(join(dir, 'report.json'));
  if (error || proc.code === null || ![0, 1, 4].includes(proc.code) || proc.hung) {
    throw new Error(`baseline ${name} failed (exit ${exitText(proc)}): ${error ?? firstLine(proc.stderr)}`);
  }
  baselines.set(name, { name, dir, args: a, proc, json, bare: stable(json) });
  log(`baseline ${name}: exit ${proc.code} in ${proc.seconds.toFixed(1)} s${proc.firstTrialSeconds ? `, first trial at ${proc.firstTrialSeconds.toFixed(1)} s` : ''}`);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Signals: interrupt a run at a random moment after its first trial, then `run --resume` must write the
// uninterrupted run's report.

interface Hit {
  signal: NodeJS.Signals;
  target: 'main' | 'group';
  againMs?: number;
}

async function interruptAndResume(ctx: Ctx, baseName: string, workers: number, hits: Hit[], env: Record<string, string> = {}): Promise<Outcome> {
  const base = B(baseName);
  const out = join(ctx.dir, 'out');
  const args = withWorkers(base.args.map((a) => (a === base.dir ? out : a)), workers);
  // A moment in the first 60% of what the uninterrupted run spent after its first trial.
  const window = Math.max(300, 0.6 * (base.proc.seconds - (base.proc.firstTrialSeconds ?? 1)) * 1000);
  const steps: Proc[] = [];
  const [first, ...more] = hits;
  steps.push(await runCli('run', args, { env, interrupt: { ...first, after: 'first-trial', delayMs: Math.round(ctx.rand() * window), out } }));
  for (const hit of more) {
    steps.push(await runCli('resume', ['run', '--resume', out, '--quiet'], { env, interrupt: { ...hit, after: 'start', delayMs: Math.round(1500 + ctx.rand() * window * 0.5), out } }));
  }
  steps.push(await runCli('resume', ['run', '--resume', out, '--quiet'], { env }));
  return { steps, oracle: sameAs(base, out), names: /trials\.jsonl/ };
}

function signalCases(): void {
  for (const [trainer, baseName] of [
    ['reference', 'sigRef'],
    ['trainer-cmd', 'sigCmd'],
  ] as const) {
    for (const workers of [1, 2]) {
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
        add(1, `signal.${trainer}.w${workers}.${signal}`, `${signal} to the run (${trainer} trainer, ${workers} worker${workers > 1 ? 's' : ''}), then run --resume`, 'survived', (ctx) =>
          interruptAndResume(ctx, baseName, workers, [{ signal, target: 'main' }]),
        );
      }
    }
    add(1, `signal.${trainer}.w2.SIGINT-group`, `Ctrl-C in a terminal: SIGINT to the whole process group (${trainer}, 2 workers), then --resume`, 'survived', (ctx) =>
      interruptAndResume(ctx, baseName, 2, [{ signal: 'SIGINT', target: 'group' }]),
    );
    add(1, `signal.${trainer}.w2.SIGINT-twice`, `an impatient Ctrl-C Ctrl-C: SIGINT to the process group twice, 0.2 s apart (${trainer}, 2 workers), then --resume`, 'survived', (ctx) =>
      interruptAndResume(ctx, baseName, 2, [{ signal: 'SIGINT', target: 'group', againMs: 200 }]),
    );
    add(1, `signal.${trainer}.w2.SIGHUP-group`, `the terminal closes: SIGHUP to the process group (${trainer}, 2 workers), then --resume`, 'survived', (ctx) =>
      interruptAndResume(ctx, baseName, 2, [{ signal: 'SIGHUP', target: 'group' }]),
    );
    add(1, `signal.${trainer}.w2.SIGKILL-group`, `kill -9 of the whole process group (${trainer}, 2 workers), then --resume`, 'survived', (ctx) =>
      interruptAndResume(ctx, baseName, 2, [{ signal: 'SIGKILL', target: 'group' }]),
    );
    add(1, `signal.${trainer}.double`, `SIGTERM to the run, SIGINT to its resume, then --resume again (${trainer})`, 'survived', (ctx) =>
      interruptAndResume(ctx, baseName, 1, [
        { signal: 'SIGTERM', target: 'main' },
        { signal: 'SIGINT', target: 'main' },
      ]),
    );
    add(1, `signal.${trainer}.w1-vs-w2`, `control: an uninterrupted run with 2 workers gives the 1-worker report (${trainer})`, 'survived', async (ctx) => {
      const base = B(baseName);
      const out = join(ctx.dir, 'out');
      const p = await runCli('run', withWorkers(base.args.map((a) => (a === base.dir ? out : a)), 2));
      return { steps: [p], oracle: sameAs(base, out) };
    });
  }
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    add(1, `signal.stubborn-trainer.${signal}`, `${signal} to the run while its trainer process ignores SIGTERM and stdin EOF, then --resume`, 'survived', (ctx) =>
      interruptAndResume(ctx, 'sigCmd', 1, [{ signal, target: 'main' }], { TC_FAULT: 'stubborn' }),
    );
  }
  add(1, 'signal.stubborn-trainer.SIGKILL-group', 'kill -9 of the whole process group (a CI time limit) while the trainer ignores SIGTERM and stdin EOF', 'survived', (ctx) =>
    interruptAndResume(ctx, 'sigCmd', 2, [{ signal: 'SIGKILL', target: 'group' }], { TC_FAULT: 'stubborn' }),
  );
  add(1, 'signal.before-first-trial', 'SIGTERM 0.4 s after the start (before any trial), then --resume', ['survived', 'clear error'], async (ctx) => {
    const base = B('sigRef');
    const out = join(ctx.dir, 'out');
    const run = await runCli('run', SIG_REF(out), { interrupt: { signal: 'SIGTERM', target: 'main', after: 'start', delayMs: 400, out } });
    const resume = await runCli('resume', ['run', '--resume', out, '--quiet']);
    return { steps: [run, resume], oracle: sameAs(base, out), names: /trials\.jsonl|--resume/ };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Trainer module faults and 3. trainer process faults: the run ends, the affected trials are errors naming the
// fault (or the fault is recovered and the report is the fault-free one).

function trainerFault(group: number, kind: 'mod' | 'cmd', mode: string, title: string, fault: RegExp, extra: string[] = []): void {
  add(group, `${kind === 'mod' ? 'module' : 'process'}.${mode}`, title, 'survived', async (ctx) => {
    const base = B(kind);
    const out = join(ctx.dir, 'out');
    let args = kind === 'mod' ? MOD_ARGS(out) : CMD_ARGS(out);
    // A case that sets its own --trainer-timeout replaces the default one.
    if (extra.includes('--trainer-timeout')) args = args.filter((a, i) => a !== '--trainer-timeout' && args[i - 1] !== '--trainer-timeout');
    const p = await runCli('run', [...args, ...extra], { env: { TC_FAULT: mode, TC_MARKER: join(ctx.dir, 'marker') } });
    return { steps: [p], oracle: namedFault(base, out, fault), names: fault };
  });
}

function moduleCases(): void {
  trainerFault(2, 'mod', 'hang-async', 'train() returns a promise that never settles (1 request in 3), --trainer-timeout 1', /no result within 1 s|timed out/);
  trainerFault(2, 'mod', 'hang-sync', 'train() loops forever synchronously (1 request in 3), --trainer-timeout 1', /no result within 1 s|timed out/);
  trainerFault(2, 'mod', 'throw-object', 'train() throws a plain object { code: 42, detail: "device lost" }', /device lost/);
  trainerFault(2, 'mod', 'throw-cyclic', 'train() throws a cyclic object with no message', /thrown Object|cyclic/);
  trainerFault(2, 'mod', 'undefined', 'train() returns undefined', /TrainResult/);
  trainerFault(2, 'mod', 'exit-some', 'train() calls process.exit(0) (1 request in 3)', /worker died|exit/);
  trainerFault(2, 'mod', 'kill-some', 'train() SIGKILLs its own process (1 request in 3)', /worker died|SIGKILL/);
  trainerFault(2, 'mod', 'kill-once', 'train() SIGKILLs its own process on the first request only', /worker died|SIGKILL/);
  trainerFault(2, 'mod', 'exit-once', 'train() calls process.exit(1) on the first request only', /worker died|exit/);
  trainerFault(2, 'mod', 'timer-throw', 'train() schedules a timer that throws (an uncaught exception after the answer)', /worker died|async boom/);
  trainerFault(2, 'mod', 'nan', 'train() returns NaN weights without "diverged"', /TrainResult\.W\[\d+\]: got NaN/);
  trainerFault(2, 'mod', 'shape', 'train() returns W one entry short', /TrainResult\.W/);
  trainerFault(2, 'mod', 'supports-throws', 'supports() throws (1 request in 3)', /capability probe failed/);
  add(2, 'module.log-stdout', 'train() logs to stdout, run --json: stdout must be the report', 'survived', async (ctx) => {
    const base = B('mod');
    const out = join(ctx.dir, 'out');
    const p = await runCli('run', [...MOD_ARGS(out), '--json'], { env: { TC_FAULT: 'log-stdout' } });
    const report = sameAs(base, out);
    return {
      steps: [p],
      oracle: (q) => {
        let printed: unknown;
        try {
          printed = JSON.parse(q.stdout);
        } catch {
          return `stdout of --json is not one JSON document (${lines(q.stdout).length} lines, the first: ${firstLine(q.stdout).slice(0, 60)})`;
        }
        const written = readJson(join(out, 'report.json'));
        if (written.error) return written.error;
        if (stable(printed) !== stable(written.json)) return 'stdout of --json differs from report.json';
        return report(q);
      },
    };
  });
}

function processCases(): void {
  const start = (mode: string, title: string, names: RegExp) =>
    add(3, `process.${mode}`, title, 'clear error', async (ctx) => {
      const p = await runCli('run', CMD_ARGS(join(ctx.dir, 'out')), { env: { TC_FAULT: mode } });
      return { steps: [p], oracle: refused, names };
    });
  start('no-greeting', 'the trainer process never greets (waits 60 s for it)', /greeting/);
  start('garbage-greeting', 'the trainer prints a banner line before its greeting', /greeting/);
  start('greeting-v2', 'the trainer greets with protocol version 2', /version/);
  start('exit-before-greeting', 'the trainer exits 1 before greeting (ModuleNotFoundError on stderr)', /torch|exited/);
  trainerFault(3, 'cmd', 'hang', 'the trainer never answers 1 request in 3, --trainer-timeout 1', /no result within 1 s/);
  trainerFault(3, 'cmd', 'crash-mid', 'the trainer writes half a line and exits 1 (1 request in 3)', /exited \(code 1\)/);
  trainerFault(3, 'cmd', 'crash-once', 'the trainer SIGKILLs itself on its first request', /exited \(signal SIGKILL\)/);
  trainerFault(3, 'cmd', 'huge-line', 'the trainer writes a 600 MB line without newline (first request), --trainer-timeout 60', /too long/, ['--trainer-timeout', '60']);
  trainerFault(3, 'cmd', 'pad', 'a 2 MiB response line (an extra field) with --trainer-max-line 1 (1 request in 3)', /too long: more than 1 MiB/, ['--trainer-max-line', '1']);
  trainerFault(3, 'cmd', 'garbage-before', 'the trainer prints a debug line before its answer (1 request in 3)', /malformed response line/);
  trainerFault(3, 'cmd', 'stray-after', 'the trainer prints a stray line right after each answer', /malformed|stray/);
  trainerFault(3, 'cmd', 'error-reply', 'the trainer answers {"error": "CUDA error: out of memory"} (1 request in 3)', /the process reported: CUDA error/);
  trainerFault(3, 'cmd', 'wrong-id', 'the trainer answers with the wrong id (1 request in 3)', /response to request/);
  trainerFault(3, 'cmd', 'nan', 'the trainer returns "NaN" weights without "diverged" (1 request in 3)', /got NaN/);
  trainerFault(3, 'cmd', 'close-stdout', 'the trainer closes its stdout and stays alive (first bad request)', /no result within 1 s|exited/);
  trainerFault(3, 'cmd', 'stubborn', 'the trainer ignores SIGTERM and the end of its stdin', /never/);
  trainerFault(3, 'cmd', 'stderr-flood', 'the trainer writes 1 MiB to stderr per request', /never/);
  trainerFault(3, 'cmd', 'exit-after-answer', 'the trainer exits 0 after every answer', /exited \(code 0\)/);
  add(3, 'process.wrapper-background-child', 'a wrapper script whose background child (sleep 300) holds the trainer\'s stdout', 'survived', async (ctx) => {
    const base = B('cmd');
    const out = join(ctx.dir, 'out');
    const cmd = `sh ${WRAPPER}`;
    const p = await runCli('run', CMD_ARGS(out).map((a) => (a === PROC_CMD ? cmd : a)));
    return { steps: [p], oracle: sameAs(base, out, (t) => t.replaceAll(cmd, PROC_CMD)) };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Checkpoint tampering: `run --resume` must refuse with exit 2 naming the file and line, or write the
// uninterrupted report; a refused checkpoint is left as it was.

type Line = Record<string, any>;
const reseal = (line: Line): string => {
  const { sum: _sum, ...rest } = line;
  return sealLine(rest).trimEnd();
};

function tamper(id: string, title: string, expect: Class | Class[], edit: (lines: string[], text: string) => string | null, names: RegExp = /trials\.jsonl/): void {
  add(4, `checkpoint.${id}`, title, expect, async (ctx) => {
    const base = B('smallRef');
    const out = join(ctx.dir, 'out');
    cpSync(base.dir, out, { recursive: true });
    for (const f of ['report.json', 'report.md', 'report.html', 'plots']) rmSync(join(out, f), { recursive: true, force: true });
    const file = join(out, 'trials.jsonl');
    const text = readFileSync(file, 'utf8');
    const edited = edit(text.split('\n').slice(0, -1), text);
    if (edited === null) {
      rmSync(file);
      mkdirSync(file);
    } else writeFileSync(file, edited);
    const before = edited === null ? null : readFileSync(file, 'utf8');
    const p = await runCli('resume', ['run', '--resume', out, '--quiet']);
    return {
      steps: [p],
      oracle: sameAs(base, out),
      names,
      also: () => (p.code === 2 && before !== null && readFileSync(file, 'utf8') !== before ? 'the refused checkpoint was modified' : undefined),
    };
  });
}

const trialIndexes = (lines: string[]) => lines.map((l, i) => (l.startsWith('{"trial"') ? i : -1)).filter((i) => i >= 0);
const join1 = (lines: string[]) => `${lines.join('\n')}\n`;
const edit1 = (lines: string[], i: number, f: (l: string) => string) => join1(lines.map((l, j) => (j === i ? f(l) : l)));

function checkpointCases(): void {
  const mid = (lines: string[]) => trialIndexes(lines)[Math.floor(trialIndexes(lines).length / 2)];
  tamper('header-seed', 'the header\'s seed edited (1 → 2)', 'clear error', (l) => edit1(l, 0, (h) => h.replace('"seed":1,', '"seed":2,')), /trials\.jsonl:1/);
  tamper('header-seed-resealed', 'the header\'s seed edited and its checksum recomputed', 'clear error', (l) => edit1(l, 0, (h) => reseal({ ...JSON.parse(h), config: { ...JSON.parse(h).config, seed: 2 } })), /trials\.jsonl:1/);
  tamper('header-seed-rehashed', 'the header\'s seed edited, plan hash and checksum recomputed', 'clear error', (l) =>
    edit1(l, 0, (h) => {
      const header = JSON.parse(h);
      const config: RunConfig = { ...header.config, seed: 2 };
      return reseal({ ...header, config, planHash: planHash(config) });
    }),
  /trials\.jsonl:\d+.*seed/);
  tamper('trial-seed', 'a trial line\'s seed edited', 'clear error', (l) => edit1(l, mid(l), (t) => t.replace(/"seed":(\d+)/, (_, s) => `"seed":${Number(s) + 1}`)), /trials\.jsonl:\d+/);
  tamper('trial-seed-resealed', 'a trial line\'s seed edited and its checksum recomputed', 'clear error', (l) =>
    edit1(l, mid(l), (t) => {
      const line = JSON.parse(t);
      return reseal({ ...line, outcome: { ...line.outcome, seed: line.outcome.seed + 1 } });
    }),
  /trials\.jsonl:\d+.*seed/);
  tamper('pass-flag', 'an outcome\'s pass flag flipped', 'clear error', (l) => edit1(l, mid(l), (t) => t.replace(/"pass":(true|false)/, (_, v) => `"pass":${v === 'true' ? 'false' : 'true'}`)), /trials\.jsonl:\d+/);
  tamper('pass-flag-resealed', 'an outcome\'s pass flag flipped and its checksum recomputed (a forged line)', 'clear error', (l) =>
    edit1(l, mid(l), (t) => {
      const line = JSON.parse(t);
      return reseal({ ...line, outcome: { ...line.outcome, pass: !line.outcome.pass } });
    }),
  );
  tamper('torn-last-line', 'the last line cut mid-line (a run killed while writing)', 'survived', (_l, text) => text.slice(0, text.length - 30));
  tamper('truncated-40pc', 'the file cut at 40% of its bytes, mid-line', 'survived', (_l, text) => text.slice(0, Math.floor(text.length * 0.4)));
  tamper('truncated-header', 'the file cut inside its header', 'clear error', (_l, text) => text.slice(0, 60));
  tamper('empty', 'an empty trials.jsonl', 'clear error', () => '');
  tamper('delete-trial', 'one trial line deleted from the middle', ['clear error', 'survived'], (l) => join1(l.filter((_, i) => i !== mid(l))));
  tamper('delete-header', 'the header line deleted', 'clear error', (l) => join1(l.slice(1)), /trials\.jsonl:1/);
  tamper('delete-trainer-check', 'the trainer-check line deleted', ['clear error', 'survived'], (l) => join1(l.filter((x) => !x.startsWith('{"trainerCheck"'))));
  tamper('append-garbage-line', 'a garbage line appended', 'clear error', (l) => `${join1(l)}garbage that is not JSON\n`, /trials\.jsonl:\d+/);
  tamper('append-garbage-torn', 'garbage appended without a newline (a torn line)', 'survived', (l) => `${join1(l)}{"trial":"quadr`);
  tamper('duplicate-line', 'a trial line appended twice', ['clear error', 'survived'], (l) => `${join1(l)}${l[mid(l)]}\n`);
  tamper('swap-lines', 'two trial lines swapped', ['clear error', 'survived'], (l) => {
    const [i, j] = [trialIndexes(l)[0], trialIndexes(l)[trialIndexes(l).length - 1]];
    return join1(l.map((x, k) => (k === i ? l[j] : k === j ? l[i] : x)));
  });
  tamper('crlf', 'the file saved with CRLF line endings', ['clear error', 'survived'], (l) => `${l.join('\r\n')}\r\n`);
  tamper('bom', 'a UTF-8 byte-order mark before the header', ['clear error', 'survived'], (_l, text) => `\uFEFF${text}`, /trials\.jsonl:1/);
  tamper('whitespace', 'a trial line reformatted with spaces (same JSON)', ['clear error', 'survived'], (l) => edit1(l, mid(l), (t) => t.replaceAll('":', '": ')));
  tamper('version-1', 'a version-1 header (an older theorycheck)', 'clear error', (l) =>
    edit1(l, 0, (h) => {
      const { sum: _s, planHash: _p, ...header } = JSON.parse(h);
      return JSON.stringify({ ...header, version: 1 });
    }),
  /version 1|older/);
  tamper('other-ladder', 'the plan\'s trial counts edited (6 → 5), plan hash and checksum recomputed', 'clear error', (l) =>
    edit1(l, 0, (h) => {
      const header = JSON.parse(h);
      const config: RunConfig = { ...header.config, runs: 5, plan: header.config.plan.map(([c, r]: [string, string]) => [c, r, 5]) };
      return reseal({ ...header, config, planHash: planHash(config) });
    }),
  /trials\.jsonl|ladders|plan/);
  tamper('other-run-header', 'the header of another run (seed 2) over this run\'s trial lines', 'clear error', (l) => {
    const other = readFileSync(join(B('smallRefSeed2').dir, 'trials.jsonl'), 'utf8').split('\n')[0];
    return join1([other, ...l.slice(1)]);
  }, /trials\.jsonl:\d+/);
  tamper('directory', 'trials.jsonl is a directory', 'clear error', () => null);
}

// ---------------------------------------------------------------------------------------------------------------
// 5. The output directory.

function mount(dir: string, options: string): boolean {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return false;
  mounts.push(dir);
  return true;
}

function remount(dir: string, options: string): boolean {
  return spawnSync('mount', ['-o', `remount,${options}`, dir], { encoding: 'utf8' }).status === 0;
}

function outCases(): void {
  /** A second command started on the --out of a run once `ready` holds there: it must be refused (the lock). */
  const whileRunning = (id: string, title: string, watch: boolean, ready: (out: string) => boolean, second: (out: string) => [string, string[]]) =>
    add(5, `out.${id}`, title, 'clear error', async (ctx) => {
      const base = B('sigRef');
      const out = join(ctx.dir, 'out');
      let other: Promise<Proc> | undefined;
      const first = await runCli('run A', SIG_REF(out), {
        ...(watch ? { watch: out } : {}),
        onSpawn: () => {
          other = (async () => {
            while (!ready(out)) await sleep(50);
            return runCli(...second(out));
          })();
        },
      });
      const b = await other!;
      const a = sameAs(base, out)(first);
      return { steps: [first, b], final: b, oracle: refused, names: /theorycheck\.lock|pid \d+/, also: () => (a ? `run A: ${a}` : undefined) };
    }, 2);
  whileRunning('concurrent-runs', 'two runs started on one --out', true, (out) => existsSync(join(out, '.theorycheck.lock')), (out) => ['run B', SIG_REF(out)]);
  whileRunning('resume-while-running', 'run --resume on the --out of a run still running', false, hasTrial, (out) => ['resume', ['run', '--resume', out, '--quiet']]);
  const lockCase = (id: string, title: string, expect: Class, owner: () => string, age: number, names: RegExp) =>
    add(5, `out.${id}`, title, expect, async (ctx) => {
      const out = join(ctx.dir, 'out');
      mkdirSync(out, { recursive: true });
      const lock = join(out, '.theorycheck.lock');
      writeFileSync(lock, owner());
      if (age) utimesSync(lock, new Date(Date.now() - age), new Date(Date.now() - age));
      const p = await runCli('run', SMALL(out));
      return { steps: [p], oracle: expect === 'survived' ? sameAs(B('smallRef'), out) : refused, names };
    });
  lockCase('stale-lock-dead-pid', 'a stale .theorycheck.lock of a dead pid on this host', 'survived', () => {
    const dead = spawnSync('true').pid;
    return `${JSON.stringify({ pid: dead, host: hostname(), startedAt: new Date().toISOString(), command: 'run' })}\n`;
  }, 0, /lock/);
  lockCase('lock-other-host', 'a .theorycheck.lock of a process on another host', 'clear error', () => `${JSON.stringify({ pid: 1, host: 'build-agent-7', startedAt: new Date().toISOString(), command: 'run' })}\n`, 0, /build-agent-7/);
  lockCase('lock-garbage-old', 'an unreadable .theorycheck.lock an hour old', 'survived', () => 'garbage\n', 3_600_000, /lock/);
  lockCase('lock-garbage-fresh', 'an unreadable .theorycheck.lock just written', 'clear error', () => 'garbage\n', 0, /lock/);
  const badOut = (id: string, title: string, out: (ctx: Ctx) => string, names: RegExp) =>
    add(5, `out.${id}`, title, 'clear error', async (ctx) => {
      const p = await runCli('run', SMALL(out(ctx)));
      return { steps: [p], oracle: refused, names };
    });
  badOut('under-regular-file', '--out under a regular file (FILE/x)', (ctx) => {
    mkdirSync(ctx.dir, { recursive: true });
    writeFileSync(join(ctx.dir, 'file'), 'x');
    return join(ctx.dir, 'file', 'x');
  }, /file\/x|file.*not a directory/);
  badOut('is-regular-file', '--out is an existing regular file', (ctx) => {
    mkdirSync(ctx.dir, { recursive: true });
    writeFileSync(join(ctx.dir, 'file'), 'x');
    return join(ctx.dir, 'file');
  }, /--out/);
  badOut('proc', '--out /proc/x', () => '/proc/theorycheck-fault-campaign', /\/proc/);
  badOut('dev-full', '--out /dev/full/x', () => '/dev/full/x', /\/dev\/full/);
  badOut('dangling-symlink', '--out is a symbolic link to a missing directory', (ctx) => {
    mkdirSync(ctx.dir, { recursive: true });
    symlinkSync(join(ctx.dir, 'missing'), join(ctx.dir, 'link'));
    return join(ctx.dir, 'link');
  }, /link/);
  badOut('name-too-long', '--out with a 300-character directory name', (ctx) => join(ctx.dir, 'd'.repeat(300)), /too long|ENAMETOOLONG/);
  add(5, 'out.read-only-chmod', '--out in a directory made read-only with chmod 555', 'clear error', async (ctx) => {
    if (process.getuid?.() === 0) return { steps: [], notApplicable: 'running as root: chmod does not stop root from writing (see out.read-only-mount)' };
    const dir = join(ctx.dir, 'ro');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o555);
    const p = await runCli('run', SMALL(join(dir, 'x')));
    chmodSync(dir, 0o755);
    return { steps: [p], oracle: refused, names: /permission denied|read-only/ };
  });
  add(5, 'out.read-only-mount', '--out on a read-only file system (tmpfs mounted ro)', 'clear error', async (ctx) => {
    const dir = join(ctx.dir, 'ro');
    if (!mount(dir, 'ro,size=1m')) return { steps: [], notApplicable: 'cannot mount a tmpfs here (needs root)' };
    const p = await runCli('run', SMALL(join(dir, 'x')));
    return { steps: [p], oracle: refused, names: /read-only/ };
  });
  add(5, 'out.disk-full-mid-run', 'the disk fills up mid-run (tmpfs of 128 KiB), then space is freed and run --resume', 'survived', async (ctx) => {
    const dir = join(ctx.dir, 'small-disk');
    if (!mount(dir, 'size=128k')) return { steps: [], notApplicable: 'cannot mount a tmpfs here (needs root)' };
    const out = join(dir, 'out');
    const run = await runCli('run', SIG_REF(out));
    remount(dir, 'size=16m');
    const resume = await runCli('resume', ['run', '--resume', out, '--quiet']);
    return { steps: [run, resume], oracle: sameAs(B('sigRef'), out), names: /no space|trials\.jsonl/, notes: [`the full run: exit ${exitText(run)}: ${firstLine(run.stderr).replaceAll(WORK, '$WORK').slice(0, 160)}`] };
  });
  add(5, 'out.disk-full-at-report', 'the disk fills up while the reports are written (tmpfs of 320 KiB), then space is freed and run --resume', 'survived', async (ctx) => {
    const dir = join(ctx.dir, 'small-disk');
    if (!mount(dir, 'size=320k')) return { steps: [], notApplicable: 'cannot mount a tmpfs here (needs root)' };
    const out = join(dir, 'out');
    const run = await runCli('run', SIG_REF(out));
    remount(dir, 'size=16m');
    const resume = await runCli('resume', ['run', '--resume', out, '--quiet']);
    return { steps: [run, resume], oracle: sameAs(B('sigRef'), out), names: /no space|report/, notes: [`the full run: exit ${exitText(run)}: ${firstLine(run.stderr).replaceAll(WORK, '$WORK').slice(0, 160)}`] };
  });
  add(5, 'out.report-json-is-directory', 'a directory named report.json in --out', 'clear error', async (ctx) => {
    const out = join(ctx.dir, 'out');
    mkdirSync(join(out, 'report.json'), { recursive: true });
    const p = await runCli('run', SMALL(out));
    return { steps: [p], oracle: refused, names: /report\.json/ };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 6. Bad input.

function badInputCases(): void {
  const bad = (id: string, title: string, args: (out: string) => string[], names: RegExp, env: Record<string, string> = {}) =>
    add(6, `input.${id}`, title, 'clear error', async (ctx) => {
      const p = await runCli(args(join(ctx.dir, 'out'))[0], args(join(ctx.dir, 'out')), { env });
      return { steps: [p], oracle: refused, names };
    });
  bad('kernels-bogus', 'THEORYCHECK_KERNELS=bogus', (out) => SMALL(out), /THEORYCHECK_KERNELS/, { THEORYCHECK_KERNELS: 'bogus' });
  bad('seed-negative', '--seed -1', (out) => SMALL(out, '--seed', '-1'), /--seed/);
  bad('seed-not-integer', '--seed 12abc', (out) => SMALL(out, '--seed', '12abc'), /--seed/);
  bad('seed-too-large', '--seed 2147483648', (out) => SMALL(out, '--seed', '2147483648'), /--seed/);
  bad('runs-zero', '--runs 0', (out) => SMALL(out, '--runs', '0'), /--runs/);
  bad('runs-fraction', '--runs 2.5', (out) => SMALL(out, '--runs', '2.5'), /--runs/);
  bad('at-garbage', '--at garbage', (out) => ['run', '--scale', 'small', '--claim', 'quadratic.recovery-threshold', '--at', 'garbage', '--quiet', '--out', out], /--at/);
  bad('at-not-number', '--at d=abc', (out) => ['run', '--scale', 'small', '--claim', 'quadratic.recovery-threshold', '--at', 'd=abc', '--quiet', '--out', out], /--at/);
  bad('at-unknown-parameter', '--at zzz=3 (a parameter the claim does not have)', (out) => ['run', '--scale', 'small', '--claim', 'quadratic.recovery-threshold', '--at', 'zzz=3', '--runs', '4', '--quiet', '--out', out], /zzz/);
  bad('at-two-claims', '--at with two claims selected', (out) => SMALL(out, '--at', 'd=3'), /--at/);
  bad('claim-nosuch', '--claim nosuch', (out) => ['run', '--scale', 'small', '--claim', 'nosuch', '--quiet', '--out', out], /nosuch/);
  bad('claim-empty', '--claim ""', (out) => ['run', '--scale', 'small', '--claim', '', '--quiet', '--out', out], /--claim/);
  bad('scale-huge', '--scale huge', (out) => ['run', '--scale', 'huge', '--claim', 'quadratic.recovery-threshold', '--quiet', '--out', out], /--scale/);
  bad('trainer-missing', '--trainer missing.ts', (out) => SMALL(out, '--trainer', join(FIX, 'missing.ts')), /missing\.ts/);
  add(6, 'input.trainer-outside-esm-package', 'control: a --trainer .ts module (ESM syntax) in a directory with no package.json loads', 'survived', async (ctx) => {
    const out = join(ctx.dir, 'out');
    const p = await runCli('run', MOD_ARGS(out).map((a) => (a === MOD ? PLAIN_MOD : a)));
    return { steps: [p], oracle: sameAs(B('mod'), out, (t) => t.replaceAll(PLAIN_MOD, MOD)) };
  });
  bad('trainer-no-default', '--trainer of a module without a default export', (out) => SMALL(out, '--trainer', join(FIX, 'no-default.ts')), /no-default\.ts/);
  bad('trainer-throws-on-import', '--trainer of a module that throws when imported', (out) => SMALL(out, '--trainer', join(FIX, 'throws-on-import.ts')), /torch bindings/);
  bad('trainer-and-cmd', '--trainer and --trainer-cmd together', (out) => SMALL(out, '--trainer', MOD, '--trainer-cmd', PROC_CMD), /--trainer/);
  bad('trainer-cmd-missing-binary', '--trainer-cmd of a program that does not exist', (out) => SMALL(out, '--trainer-cmd', 'no-such-trainer-binary --fast'), /no-such-trainer-binary/);
  bad('trainer-cmd-open-quote', '--trainer-cmd with an unclosed quote', (out) => SMALL(out, '--trainer-cmd', `${NODE} "${PROC}`), /quote/);
  bad('trainer-timeout-zero', '--trainer-timeout 0', (out) => SMALL(out, '--trainer-timeout', '0'), /--trainer-timeout/);
  bad('trainer-timeout-text', '--trainer-timeout soon', (out) => SMALL(out, '--trainer-timeout', 'soon'), /--trainer-timeout/);
  bad('trainer-max-line-zero', '--trainer-max-line 0', (out) => SMALL(out, '--trainer-max-line', '0'), /--trainer-max-line/);
  bad('workers-zero', '--workers 0', (out) => SMALL(out, '--workers', '0'), /--workers/);
  bad('shard-3-of-2', '--shard 3/2', (out) => SMALL(out, '--shard', '3/2'), /--shard/);
  bad('unknown-flag', 'an unknown flag --frobnicate', (out) => SMALL(out, '--frobnicate'), /frobnicate/);
  bad('out-empty', '--out ""', () => SMALL(''), /--out/);
  bad('config-unknown-keys', '--config with an unknown key ("clam")', (out) => ['run', '--config', join(FIX, 'unknown-keys.json'), '--quiet', '--out', out], /clam/);
  bad('config-not-json', '--config of a file that is not JSON', (out) => ['run', '--config', join(FIX, 'not-json.json'), '--quiet', '--out', out], /not-json\.json|--config/);
  bad('config-missing', '--config of a missing file', (out) => ['run', '--config', join(FIX, 'missing.json'), '--quiet', '--out', out], /missing\.json/);
  bad('config-wrong-type', '--config with "runs": "many"', (out) => ['run', '--config', join(FIX, 'wrong-type.json'), '--quiet', '--out', out], /runs/);
  add(6, 'input.resume-with-flags', 'run --resume DIR --seed 3', 'clear error', async (ctx) => {
    const out = join(ctx.dir, 'out');
    cpSync(B('smallRef').dir, out, { recursive: true });
    const p = await runCli('run', ['run', '--resume', out, '--seed', '3', '--quiet']);
    return { steps: [p], oracle: refused, names: /--seed/ };
  });
  bad('resume-missing', 'run --resume of a directory without a checkpoint', (out) => ['run', '--resume', out, '--quiet'], /--resume/);
  bad('replay-nosuch', 'replay nosuch --seed 1', () => ['replay', 'nosuch', '--seed', '1'], /nosuch/);
  bad('falsify-nosuch', 'falsify nosuch', () => ['falsify', 'nosuch'], /nosuch/);
  bad('diff-shard-vs-full', 'diff of a shard\'s report against a whole run\'s', () => ['diff', join(B('shard1').dir, 'report.json'), join(B('smallRef').dir, 'report.json')], /shard/);
  bad('diff-disjoint-claims', 'diff of two reports with no claim in common', () => ['diff', join(B('other').dir, 'report.json'), join(B('smallRef').dir, 'report.json')], /in common|claims/);
  bad('diff-missing-file', 'diff of a missing file', () => ['diff', join(FIX, 'missing.json'), join(B('smallRef').dir, 'report.json')], /missing\.json/);
  bad('diff-checkpoint', 'diff of a trials.jsonl instead of a report.json', () => ['diff', join(B('smallRef').dir, 'trials.jsonl'), join(B('smallRef').dir, 'report.json')], /trials\.jsonl/);
  add(6, 'input.diff-truncated-report', 'diff of a truncated report.json', 'clear error', async (ctx) => {
    mkdirSync(ctx.dir, { recursive: true });
    const file = join(ctx.dir, 'report.json');
    writeFileSync(file, readFileSync(join(B('smallRef').dir, 'report.json'), 'utf8').slice(0, 1000));
    const p = await runCli('diff', ['diff', file, join(B('smallRef').dir, 'report.json')]);
    return { steps: [p], oracle: refused, names: /parse|report\.json/ };
  });
  add(6, 'input.diff-self', 'control: diff of a report with itself', 'survived', async () => {
    const p = await runCli('diff', ['diff', join(B('smallRef').dir, 'report.json'), join(B('smallRef').dir, 'report.json')]);
    return { steps: [p], oracle: (q) => (q.code === 0 && /0 regressions/.test(q.stdout) ? undefined : `exit ${q.code}: ${firstLine(q.stdout)}`) };
  });
  add(6, 'input.kernels-js', 'control: THEORYCHECK_KERNELS=js gives the same report as the WASM kernels', 'survived', async (ctx) => {
    const out = join(ctx.dir, 'out');
    const p = await runCli('run', SMALL(out), { env: { THEORYCHECK_KERNELS: 'js' } });
    return { steps: [p], oracle: sameAs(B('smallRef'), out) };
  });
  const merge = (id: string, title: string, expect: Class, inputs: (ctx: Ctx) => string[], names: RegExp) =>
    add(6, `merge.${id}`, title, expect, async (ctx) => {
      mkdirSync(ctx.dir, { recursive: true });
      const out = join(ctx.dir, 'out');
      const p = await runCli('merge', ['merge', ...inputs(ctx), '--out', out]);
      return { steps: [p], oracle: expect === 'survived' ? sameAs(B('smallRef'), out) : refused, names };
    });
  merge('complete', 'control: merge of both shards gives the unsharded report', 'survived', () => [B('shard1').dir, B('shard2').dir], /./);
  merge('incomplete', 'merge of a shard whose checkpoint lost its last 3 trials (killed mid-run)', 'clear error', (ctx) => {
    const dir = join(ctx.dir, 'shard2');
    cpSync(B('shard2').dir, dir, { recursive: true });
    const l = readFileSync(join(dir, 'trials.jsonl'), 'utf8').split('\n').slice(0, -1);
    const drop = new Set(trialIndexes(l).slice(-3));
    writeFileSync(join(dir, 'trials.jsonl'), join1(l.filter((_, i) => !drop.has(i))));
    return [B('shard1').dir, dir];
  }, /trials|missing/);
  merge('one-shard', 'merge of shard 1 of 2 alone', 'clear error', () => [B('shard1').dir], /missing 2|shards/);
  merge('same-shard-twice', 'merge of shard 1 twice', 'clear error', () => [B('shard1').dir, B('shard1').dir], /shard 1\/2|once/);
  merge('other-run', 'merge of shard 1 of seed 1 with shard 2 of seed 2', 'clear error', () => [B('shard1').dir, B('shard2Seed2').dir], /run other|shards of one run/);
}

// ---------------------------------------------------------------------------------------------------------------
// Running and the report.

const t0 = performance.now();
function log(line: string): void {
  process.stdout.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

async function runCase(c: Case): Promise<Judged> {
  const dir = join(WORK, 'cases', c.id);
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = await c.run({ id: c.id, dir, rand: rng(c.id) });
  } catch (err) {
    // A failure of the campaign itself, not of theorycheck: reported as such.
    outcome = { steps: [], notApplicable: `campaign error: ${(err as Error).message}` };
  }
  const { cls, notes, key } = classify(outcome);
  const shown = key && lines(key.stderr).length ? key : outcome.steps.find((s) => lines(s.stderr).length);
  const errorLine = (text: string) => (cls === 'crash' ? lines(text).find((l) => /^\w*Error\b|internal error/.test(l.trim())) : undefined) ?? firstLine(text);
  return {
    c,
    cls,
    exits: outcome.steps.map(exitText).join(' → ') || '—',
    seconds: (performance.now() - started) / 1000,
    stderr: shown ? `${shown === (outcome.final ?? outcome.steps[outcome.steps.length - 1]) ? '' : `${shown.label}: `}${errorLine(shown.stderr).trim().replaceAll(WORK, '$WORK')}` : '',
    notes,
  };
}

async function pool<T>(items: T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

const cell = (text: string) => text.replaceAll(WORK, '$WORK').replaceAll('|', '\\|').replaceAll('\n', ' ');
const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

function summaryLine(results: Judged[]): string {
  const n = (cls: Class) => results.filter((r) => r.cls === cls).length;
  const na = n('not applicable');
  return (
    `${results.length} cases: ${n('survived')} survived, ${n('clear error')} clear errors, ${n('silent corruption/loss')} silent corruptions or losses, ` +
    `${n('crash')} crashes, ${n('hang')} hangs, ${n('orphan')} orphans${na ? ` (and ${na} not applicable)` : ''}`
  );
}

function markdown(results: Judged[], seconds: number): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'properties', 'bin'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  const GROUPS = ['', 'signals', 'trainer module faults', 'trainer process faults', 'checkpoint tampering', 'output directory', 'bad input'];
  const out: string[] = [
    '# Fault campaign',
    '',
    `Generated by \`npm run fault-campaign\` (scripts/fault-campaign.ts) at commit ${head}${dirty ? ' with uncommitted changes in src/' : ''}, ` +
      `Node ${process.version}, ${process.getuid?.() === 0 ? 'as root' : 'as a non-root user'}, campaign seed ${CAMPAIGN_SEED}, ` +
      `${JOBS} commands at a time, hang limit ${HANG_MS / 1000} s; the campaign took ${(seconds / 60).toFixed(1)} min.`,
    '',
    `**${summaryLine(results)}**`,
    '',
    'Each case runs `node bin/theorycheck.js …` in a fresh process group with tiny runs (fixtures, baselines and outputs in a',
    'temporary directory) and is classified mechanically (see the head of the script): **hang** (no exit within the limit),',
    '**crash** (a stack trace, `internal error`, exit 3, a signal not sent by the campaign, an undocumented exit code;',
    'a trace whose frames are all in the trainer fixture or Node\'s internals is the trainer\'s own, noted and not counted),',
    '**orphan** (a descendant or a process with the case\'s environment marker alive 2 s after the command exited),',
    '**silent corruption/loss** (exit 0/1/4 but the oracle refuses: no or truncated report.json, a report that differs',
    'from the uninterrupted or fault-free run\'s apart from `startedAt`/`seconds`, a refused checkpoint modified, bad input',
    'accepted), **clear error** (exit 2; *unclear* in the notes when stderr is not one line naming the fault), **survived**.',
    'Signal cases interrupt at a seeded random moment after the first trial line appears in `OUT/trials.jsonl`; the',
    'exit column then reads interrupted run → resume. Trainer faults hit requests whose seed is divisible by 3 (or the',
    'first request, for the `-once` modes), with `--trainer-timeout 1 --trainer-check report`.',
    '',
  ];
  for (let g = 1; g <= 6; g++) {
    const rows = results.filter((r) => r.c.group === g);
    if (!rows.length) continue;
    out.push(`## ${g}. ${GROUPS[g]}`, '', '| case | what | class expected | exit | s | classification | as expected | first stderr line |', '|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      out.push(
        `| ${r.c.id} | ${cell(r.c.title)} | ${r.c.expect.join(' or ')} | ${r.exits} | ${r.seconds.toFixed(1)} | ${r.cls === 'survived' || r.cls === 'clear error' || r.cls === 'not applicable' ? r.cls : `**${r.cls}**`} | ${r.cls === 'not applicable' ? '—' : r.c.expect.includes(r.cls) ? 'yes' : '**no**'} | ${cell(clip(r.stderr, 120))} |`,
      );
    }
    out.push('');
  }
  out.push('## Notes per case', '', 'Signals sent, and what each classification rests on.', '');
  for (const r of results.filter((x) => x.notes.length)) out.push(`- **${r.c.id}** (${r.cls}): ${cell(r.notes.join('; '))}`);
  out.push('');
  return out.join('\n');
}

async function main(): Promise<void> {
  writeFixtures();
  signalCases();
  moduleCases();
  processCases();
  checkpointCases();
  outCases();
  badInputCases();
  const only = values.only ? new RegExp(values.only) : undefined;
  const selected = cases.filter((c) => !only || only.test(c.id));
  log(`work directory ${WORK}; ${selected.length} cases`);
  await pool(BASELINES, JOBS, ([name, args]) => runBaseline(name, args));
  const results: Judged[] = [];
  let done = 0;
  const record = (r: Judged) => {
    results.push(r);
    log(`[${++done}/${selected.length}] ${r.c.id}: ${r.cls} (exit ${r.exits}, ${r.seconds.toFixed(1)} s)${r.c.expect.includes(r.cls) || r.cls === 'not applicable' ? '' : ' — NOT AS EXPECTED'}`);
  };
  // Cases that run two commands at once run alone; the slow idle one (60 s without a greeting) first.
  const heavy = selected.filter((c) => c.weight === 2);
  const light = selected.filter((c) => c.weight === 1).sort((a, b) => Number(b.id === 'process.no-greeting') - Number(a.id === 'process.no-greeting'));
  await pool(heavy, 1, async (c) => record(await runCase(c)));
  await pool(light, JOBS, async (c) => record(await runCase(c)));
  const order = new Map(cases.map((c, i) => [c.id, i]));
  results.sort((a, b) => order.get(a.c.id)! - order.get(b.c.id)!);
  const seconds = (performance.now() - t0) / 1000;
  writeFileSync(values.out, markdown(results, seconds));
  log(summaryLine(results));
  log(`wrote ${values.out} in ${(seconds / 60).toFixed(1)} min`);
}

function cleanUp(): void {
  for (const tracker of active) tracker.killAll();
  for (const dir of mounts.splice(0).reverse()) spawnSync('umount', ['-l', dir]);
  if (!values.keep) rmSync(WORK, { recursive: true, force: true });
  else log(`kept ${WORK}`);
}
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    cleanUp();
    process.exit(code);
  });
}
try {
  await main();
} finally {
  cleanUp();
}
