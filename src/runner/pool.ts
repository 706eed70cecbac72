// Trials in worker processes, first come first served. Each worker holds up to DEPTH tasks and runs them one at a
// time, so it has its next task at hand while this process is busy (merging, writing the checkpoint). The pool
// only computes; the runner merges outcomes in trial order, so a run's report does not depend on the workers.
// Processes, not threads: measured back to back on the default run, two worker threads were 1.36× faster than one
// process and two worker processes 1.61× (bench/run.ts compares with two independent runs side by side).
import { availableParallelism } from 'node:os';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TrainerCommand } from './trainers/load';
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
}

export type PoolRequest =
  | { kind: 'trials'; claim: string; params: Params; trials: TrialSeed[] }
  | { kind: 'shrink'; claim: string; params: Params; options: FalsifyOptions }
  | { kind: 'close' };

/** The answer to a worker's oldest task (a worker answers its tasks in the order it got them). */
export type PoolReply = { outcomes: TrialOutcome[] } | { counterexample: Counterexample | null; seconds: number } | { error: string };

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

type Task = { order: number; request: Exclude<PoolRequest, { kind: 'close' }>; resolve(reply: PoolReply): void; reject(err: Error): void };

export function createPool(size: number, setup: WorkerSetup): TrialPool {
  const queue: Task[] = [];
  const held = new Map<ChildProcess, Task[]>();
  let failure: Error | undefined;
  let closing = false;
  const exited = new Set<ChildProcess>();

  // Fills the workers that hold fewest tasks first.
  const dispatch = () => {
    for (let depth = 0; depth < DEPTH && queue.length; depth++) {
      for (const [worker, tasks] of held) {
        if (!queue.length) break;
        if (tasks.length > depth || exited.has(worker)) continue;
        const task = queue.shift() as Task;
        tasks.push(task);
        worker.send(task.request);
      }
    }
  };
  const running = () => [...held.values()].reduce((s, tasks) => s + tasks.length, 0);
  // A worker that dies (out of memory, a crash in native code) fails the run: its trials have no outcome.
  const fail = (err: Error) => {
    failure ??= err;
    for (const tasks of held.values()) for (const task of tasks.splice(0)) task.reject(failure);
    for (const task of queue.splice(0)) task.reject(failure);
  };
  // With a worker on every core, V8's helper threads (parallel GC, concurrent compilation) run only on time taken
  // from another worker. The default run on 2 workers took 29.7 s with --single-threaded, 30.9 s with
  // --single-threaded-gc and 38.4 s with neither (claims in order, see run.ts).
  const execArgv = size >= availableParallelism() ? ['--single-threaded'] : [];
  const workers = Array.from({ length: size }, () => {
    // The setup travels as the first argument; 'advanced' serialisation sends typed arrays as they are.
    const worker = fork(ENTRY, [JSON.stringify(setup)], { serialization: 'advanced', execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    worker.on('message', (message) => {
      const reply = message as PoolReply;
      const task = held.get(worker)?.shift();
      if (task) {
        if ('error' in reply) task.reject(new Error(reply.error));
        else task.resolve(reply);
      }
      dispatch();
    });
    worker.on('error', (err) => {
      if (!closing) fail(err);
    });
    worker.on('exit', (code, signal) => {
      exited.add(worker);
      if (!closing) fail(new Error(`a trial worker exited with ${signal ? `signal ${signal}` : `code ${code}`}`));
    });
    held.set(worker, []);
    return worker;
  });

  const submit = (request: Task['request'], order = 0) =>
    new Promise<PoolReply>((resolve, reject) => {
      if (failure) return reject(failure);
      // Behind every task of the same or a lower order.
      let at = queue.length;
      while (at > 0 && queue[at - 1].order > order) at--;
      queue.splice(at, 0, { order, request, resolve, reject });
      dispatch();
    });

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
    pending: () => queue.length + running(),
    async close() {
      closing = true;
      queue.splice(0);
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((done) => {
              if (exited.has(worker)) return done();
              worker.once('exit', () => done());
              // A worker busy with a trial nobody waits for any more is ended at once; an idle one closes its
              // trainer first, and is ended if that takes longer than CLOSE_MS.
              if (held.get(worker)?.length) {
                worker.kill('SIGKILL');
                return;
              }
              worker.send({ kind: 'close' } satisfies PoolRequest);
              setTimeout(() => worker.kill('SIGKILL'), CLOSE_MS).unref();
            }),
        ),
      );
    },
  };
}
