// Trials in worker processes, first come first served. Each worker holds up to DEPTH tasks and runs them one at a
// time, so it has its next task at hand while this process is busy (merging, writing the checkpoint). The pool
// only computes; the runner merges outcomes in trial order, so a run's report does not depend on the workers.
// Processes, not threads: measured back to back on the default run, two worker threads were 1.36× faster than one
// process and two worker processes 1.61× (bench/run.ts compares with two independent runs side by side).
import { availableParallelism } from 'node:os';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TrainerCommand } from './trainers/load';
import { FAULT } from '../contract/errors';
import type { TrainerCheck } from '../contract/report';
import type { Params } from '../contract/claim';
import type { FalsifyOptions } from '../core/check/falsify';
import type { Counterexample } from '../contract/report';
import type { TrialOutcome } from '../core/check/trial';

/** What each worker loads before its first task. */
export interface WorkerSetup {
  /** Module (path or URL) exporting the run's claims: a `claims` array and/or the claims themselves. */
  claimsModule: string;
  /** The trainer: the module of `--trainer`, the process of `--trainer-cmd`, or (neither) the reference. */
  trainerModule?: string;
  trainerCommand?: TrainerCommand;
  /**
   * Seconds one request to a module trainer may take (default 600). The worker fails a request that has not
   * resolved by then; a worker whose trainer holds its thread past it (a loop that never returns) is ended by the pool.
   */
  trainerTimeout?: number;
}

export type PoolRequest =
  | { kind: 'trials'; claim: string; params: Params; trials: TrialSeed[] }
  | { kind: 'shrink'; claim: string; params: Params; options: FalsifyOptions }
  | { kind: 'check' }
  | { kind: 'close' };

/** The answer to a worker's oldest task (a worker answers its tasks in the order it got them). */
export type PoolReply =
  | { outcomes: TrialOutcome[] }
  | { counterexample: Counterexample | null; seconds: number }
  | { check: TrainerCheck }
  | { error: string };

/**
 * What a worker says besides its answers: that it has loaded its claims and trainer, and (for a module trainer,
 * which could hold its thread) when a trial starts and when a request to the trainer starts and ends.
 */
export type WorkerNotice = { notice: 'ready' } | { notice: 'unloadable'; error: string } | { notice: 'trial'; trial: number } | { notice: 'request'; busy: boolean };

/** A trial of a rung: its index and seed. */
export interface TrialSeed {
  trial: number;
  seed: number;
}

export interface TrialPool {
  readonly size: number;
  /** Tasks the workers can hold at once. */
  readonly capacity: number;
  /**
   * Consecutive trials of one rung in one task (cheap trials would otherwise cost more in messages than in work).
   * Tasks wait in order of `order` (default 0), lower first, and in submission order within one order.
   */
  trials(claim: string, params: Params, trials: TrialSeed[], order?: number): Promise<TrialOutcome[]>;
  /** The counterexample (null: the failure did not reproduce) and the seconds the worker spent shrinking. */
  shrink(claim: string, params: Params, options: FalsifyOptions, order?: number): Promise<{ counterexample: Counterexample | null; seconds: number }>;
  /** The did-it-train check of the workers' trainer, made in a worker. */
  checkTrainer(): Promise<TrainerCheck>;
  /** Tasks submitted and not yet finished. */
  pending(): number;
  /** Lets each worker close its trainer, then ends the processes. */
  close(): Promise<void>;
}

/** Runs with fewer trials than this stay on one thread: starting a worker (loading every claim) takes seconds. */
export const SMALL_RUN = 100;

/** One worker per core, except for small runs. */
export function defaultWorkers(plannedTrials: number): number {
  return plannedTrials < SMALL_RUN ? 1 : availableParallelism();
}

const ENTRY = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
/** Tasks a worker holds: the one it runs and the next. */
const DEPTH = 2;
/** How long a closing worker may take to close its trainer. */
const CLOSE_MS = 10_000;
/** How long an ended worker may take to end its trainer processes (SIGTERM) before it is killed. */
const END_MS = 2_000;
/** Seconds a module trainer's request may take by default (as for a trainer process). */
const DEFAULT_TIMEOUT_SECONDS = 600;
/** Past its timeout, how long a request may hold the worker's thread before the pool ends the worker. */
const WATCH_GRACE_MS = 2_000;
/** Deaths that end a trial: the first is retried in a new worker, the second makes the trial an error. */
const DEATHS_PER_TRIAL = 2;

/** Workers of this process's pools that have not exited; stopping: the process is ending them all. */
const liveWorkers = new Set<ChildProcess>();
let stopping = false;

type Request = Exclude<PoolRequest, { kind: 'close' }>;
type Task = { order: number; request: Request; deaths: number; resolve(reply: PoolReply): void; reject(err: Error): void };

/** A worker process and what it holds. */
interface Slot {
  proc: ChildProcess;
  tasks: Task[];
  ready: boolean;
  /** The trial the worker runs now (module trainers only), and since when a request to the trainer has run. */
  trial?: number;
  busySince?: number;
  /** Set when the pool ended the worker because a request outlived its timeout. */
  timedOut?: number;
}

/**
 * A pool of worker processes. A worker that dies (a crash in native code, out of memory, a trainer holding its
 * thread past the timeout) is replaced and its tasks are run again, one trial per task: a trial that ends two
 * workers is an error with its replay line, and the run goes on. A worker that dies before it has loaded its
 * claims and trainer fails the run: every worker would.
 */
export function createPool(size: number, setup: WorkerSetup): TrialPool {
  const queue: Task[] = [];
  const slots = new Set<Slot>();
  let failure: Error | undefined;
  let closing = false;
  const timeoutSeconds = setup.trainerTimeout ?? DEFAULT_TIMEOUT_SECONDS;
  const watched = setup.trainerModule !== undefined;

  // Fills the workers that hold fewest tasks first.
  const dispatch = () => {
    for (let depth = 0; depth < DEPTH && queue.length; depth++) {
      for (const slot of slots) {
        if (!queue.length) break;
        if (slot.tasks.length > depth) continue;
        const task = queue.shift() as Task;
        slot.tasks.push(task);
        slot.proc.send(task.request);
      }
    }
  };
  const running = () => [...slots].reduce((s, slot) => s + slot.tasks.length, 0);
  const fail = (err: Error) => {
    failure ??= err;
    for (const slot of slots) for (const task of slot.tasks.splice(0)) task.reject(failure);
    for (const task of queue.splice(0)) task.reject(failure);
  };
  /** Puts tasks back at the head of their order, ahead of those waiting. */
  const requeue = (tasks: Task[]) => {
    for (const task of [...tasks].reverse()) {
      let at = 0;
      while (at < queue.length && queue[at].order < task.order) at++;
      queue.splice(at, 0, task);
    }
  };
  // With a worker on every core, V8's helper threads (parallel GC, concurrent compilation) run only on time taken
  // from another worker. The default run on 2 workers took 29.7 s with --single-threaded, 30.9 s with
  // --single-threaded-gc and 38.4 s with neither (claims in order, see run.ts).
  const execArgv = size >= availableParallelism() ? ['--single-threaded'] : [];
  const start = () => {
    // The setup travels as the first argument; 'advanced' serialisation sends typed arrays as they are.
    // A trainer's own printing goes to stderr: stdout carries the command's output (`run --json` is one JSON document).
    const proc = fork(ENTRY, [JSON.stringify(setup)], { serialization: 'advanced', execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    proc.stdout?.pipe(process.stderr, { end: false });
    const slot: Slot = { proc, tasks: [], ready: false };
    liveWorkers.add(proc);
    proc.on('message', (message: PoolReply | WorkerNotice) => {
      if ('notice' in message) {
        if (message.notice === 'ready') slot.ready = true;
        else if (message.notice === 'unloadable') fail(new Error(`a worker could not load the claims and the trainer: ${message.error}`));
        else if (message.notice === 'trial') slot.trial = message.trial;
        else slot.busySince = message.busy ? performance.now() : undefined;
        return;
      }
      slot.trial = undefined;
      slot.busySince = undefined;
      const task = slot.tasks.shift();
      if (task) {
        if ('error' in message) task.reject(new Error(message.error));
        else task.resolve(message);
      }
      dispatch();
    });
    proc.on('error', (err) => {
      if (!closing) fail(err);
    });
    proc.on('exit', (code, signal) => {
      slots.delete(slot);
      liveWorkers.delete(proc);
      if (closing || failure || stopping) return;
      const how = slot.timedOut !== undefined ? `a request to the trainer took more than ${timeoutSeconds} s` : `a worker process exited with ${signal ? `signal ${signal}` : `code ${code}`}`;
      if (!slot.ready) return fail(new Error(`${how} before it had loaded the claims and the trainer`));
      const [current, ...waiting] = slot.tasks;
      requeue(waiting);
      if (current) recover(current, slot, how);
      slots.add(start());
      dispatch();
    });
    return slot;
  };

  /** The task a dead worker was running: its trials again, one per task, or an error for the trial that killed it. */
  const recover = (task: Task, slot: Slot, how: string) => {
    const { request } = task;
    const deaths = task.deaths + 1;
    if (request.kind === 'trials') {
      const timedOut = slot.timedOut !== undefined;
      // A timeout names its trial (the worker says which it runs); a crash does only when the task held one trial.
      const culprit = timedOut ? ((slot.timedOut as number) >= 0 ? slot.timedOut : request.trials[0].trial) : request.trials.length === 1 ? request.trials[0].trial : undefined;
      const parts = request.trials.map(async (t): Promise<TrialOutcome[]> => {
        const fatal = t.trial === culprit && (timedOut || deaths >= DEATHS_PER_TRIAL);
        if (fatal) return [workerFault(t, how, !timedOut)];
        // Which trial of a batch killed the worker is not known: each runs alone, counted as having killed one.
        const reply = await submit({ ...request, trials: [t] }, task.order, t.trial === culprit || culprit === undefined ? deaths : 0, true);
        return (reply as { outcomes: TrialOutcome[] }).outcomes;
      });
      Promise.all(parts).then((outcomes) => task.resolve({ outcomes: outcomes.flat() }), task.reject);
    } else if (deaths >= DEATHS_PER_TRIAL || slot.timedOut !== undefined) {
      task.reject(new Error(`${how}, twice, while running ${request.kind === 'check' ? 'the trainer check' : `a shrink of ${request.claim}`}`));
    } else {
      task.deaths = deaths;
      requeue([task]);
    }
  };

  // A module trainer can hold its worker's thread (a loop that never returns): the worker's own timer cannot fire then.
  const watchdog = watched
    ? setInterval(() => {
        const now = performance.now();
        for (const slot of slots) {
          if (slot.busySince === undefined || slot.timedOut !== undefined) continue;
          if (now - slot.busySince > timeoutSeconds * 1000 + WATCH_GRACE_MS) {
            slot.timedOut = slot.trial ?? -1;
            // Its thread is held: it could not act on SIGTERM (and a module trainer starts no process to end).
            slot.proc.kill('SIGKILL');
          }
        }
      }, 500)
    : undefined;
  watchdog?.unref();

  const submit = (request: Request, order = 0, deaths = 0, front = false) =>
    new Promise<PoolReply>((resolve, reject) => {
      if (failure) return reject(failure);
      const task = { order, request, deaths, resolve, reject };
      if (front) requeue([task]);
      else {
        // Behind every task of the same or a lower order.
        let at = queue.length;
        while (at > 0 && queue[at - 1].order > order) at--;
        queue.splice(at, 0, task);
      }
      dispatch();
    });

  for (let i = 0; i < size; i++) slots.add(start());

  return {
    size,
    capacity: size * DEPTH,
    async trials(claim, params, trials, order) {
      const reply = await submit({ kind: 'trials', claim, params, trials }, order);
      return (reply as { outcomes: TrialOutcome[] }).outcomes;
    },
    async shrink(claim, params, options, order) {
      const reply = await submit({ kind: 'shrink', claim, params, options }, order);
      return reply as { counterexample: Counterexample | null; seconds: number };
    },
    async checkTrainer() {
      const reply = await submit({ kind: 'check' }, -1);
      return (reply as { check: TrainerCheck }).check;
    },
    pending: () => queue.length + running(),
    async close() {
      closing = true;
      if (watchdog) clearInterval(watchdog);
      queue.splice(0);
      await Promise.all(
        [...slots].map(
          ({ proc, tasks }) =>
            new Promise<void>((done) => {
              if (proc.exitCode !== null || proc.signalCode !== null) return done();
              proc.once('exit', () => done());
              // A worker busy with a trial nobody waits for any more is ended at once; an idle one closes its
              // trainer first, and is ended if that takes longer than CLOSE_MS.
              if (tasks.length) return end(proc);
              proc.send({ kind: 'close' } satisfies PoolRequest);
              setTimeout(() => end(proc), CLOSE_MS).unref();
            }),
        ),
      );
    },
  };
}

/** Ends a worker: SIGTERM lets it end its trainer processes; SIGKILL follows if its thread is held. */
function end(proc: ChildProcess): void {
  proc.kill('SIGTERM');
  setTimeout(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }, END_MS).unref();
}

/**
 * Every worker of every pool of this process ended (the command line's signal handlers): SIGTERM, then SIGKILL
 * for those still running END_MS later. No pool replaces a worker from now on.
 */
export async function endWorkers(): Promise<void> {
  stopping = true;
  const procs = [...liveWorkers];
  for (const proc of procs) proc.kill('SIGTERM');
  const exited = procs.map((proc) => new Promise<void>((done) => (proc.exitCode !== null || proc.signalCode !== null ? done() : proc.once('exit', () => done()))));
  await Promise.race([Promise.all(exited), new Promise((done) => setTimeout(done, END_MS))]);
  for (const proc of procs) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
}

/** The outcome of a trial that killed its worker (twice) or outlived its timeout: an error (the runner adds its replay line). */
function workerFault(t: TrialSeed, how: string, twice: boolean): TrialOutcome {
  const prefix = twice ? FAULT.worker : FAULT.timeout;
  return { trial: t.trial, seed: t.seed, pass: false, status: 'error', reason: `${prefix}${how}${twice ? ', twice' : ''}`, observables: {}, seconds: 0 };
}
