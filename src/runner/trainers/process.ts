// A trainer in another process (any language), spoken to over the JSON-lines protocol of train/protocol:
// the process greets with its name and capabilities, then answers one result line per request line, in order.
// One process serves one caller at a time (requests are queued), so a pool of workers starts one each.
// A crash, a malformed line, an error message or a timeout fails that request only: the process is killed if
// need be and started again for the next one, so a run goes on. Shapes and NaNs are the harness guard's job.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { InputError } from '../../contract/errors';
import { within } from './within';
import { decodeHello, decodeResponse, encodeRequest, supportsRequest, type Hello } from './protocol';
import type { TrainRequest, TrainResult, Trainer } from '../../contract/trainer';

export interface ProcessTrainerOptions {
  /** The command and its arguments, split into words as a shell does (quotes, backslashes); no expansion. */
  command: string;
  /** Seconds one request may take before the process is killed and the request fails (default 600). */
  timeoutSeconds?: number;
  /** Seconds to wait for the greeting line after starting (default 60). */
  startSeconds?: number;
  /** Longest line the process may write, in bytes (default 256 MiB): past it the request fails, the process is killed. */
  maxLineBytes?: number;
  cwd?: string;
}

export interface ProcessTrainer extends Trainer {
  readonly command: string;
  /** Ends the process (closes its stdin, kills it if it has not exited 2 s later). */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_SECONDS = 600;
const DEFAULT_START_SECONDS = 60;
const CLOSE_GRACE_MS = 2000;
/** Half of V8's longest string on 64-bit Node (2^29 − 24 UTF-16 units), so a line too long is named, not a RangeError. */
const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;

// Process groups of the trainer processes this process started and that are still running. Each is killed on
// every way out of this process that runs code (exit, an uncaught error, the signal handlers of the command
// line and of the workers); when this process is killed outright, the trainer sees its stdin close, and the
// protocol asks it to end then (docs/trainer-protocol.md).
const liveGroups = new Set<number>();

/** Kills every trainer process started here and not yet ended (synchronous: safe in an exit handler). */
export function killTrainerProcesses(): void {
  for (const pid of liveGroups) killGroup(pid);
  liveGroups.clear();
}

function killGroup(pid: number): void {
  try {
    // The whole process group: a wrapper script's children go too.
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

process.on('exit', killTrainerProcesses);
/** Characters of the process's stderr kept for error messages. */
const STDERR_TAIL = 2000;

/** Words of a command line: whitespace separates, '…' and "…" group, backslash escapes (outside '…'). */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < command.length) word += command[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new InputError('--trainer-cmd', command, 'a command line whose quotes are closed');
  if (inWord) words.push(word);
  return words;
}

interface Pending {
  id: number;
  resolve(line: string): void;
  reject(err: Error): void;
}

/** One running process: its lines, its exit and the tail of its stderr. */
interface Child {
  proc: ChildProcessWithoutNullStreams;
  hello: Promise<Hello>;
  pending?: Pending;
  exited: boolean;
  stderr(): string;
  kill(): void;
}

function startChild(argv: string[], options: ProcessTrainerOptions): Child {
  const [file, ...args] = withParentDeathSignal(argv, options.cwd);
  const proc = spawn(file, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (proc.pid !== undefined) liveGroups.add(proc.pid);
  let tail = '';
  let exitReason: string | undefined;
  let greeted: ((line: string) => void) | undefined;
  let failGreeting: ((err: Error) => void) | undefined;
  const child: Child = {
    proc,
    exited: false,
    hello: new Promise<Hello>((resolve, reject) => {
      greeted = (line) => {
        try {
          resolve(decodeHello(line));
        } catch (err) {
          reject(err);
        }
      };
      failGreeting = reject;
    }),
    stderr: () => tail.trim().split('\n').slice(-5).join(' | '),
    kill() {
      if (child.exited || proc.pid === undefined) return;
      // Dead from now on for the caller: the next request starts a new process without waiting for this exit.
      child.exited = true;
      liveGroups.delete(proc.pid);
      killGroup(proc.pid);
    },
  };
  // The greeting promise may be abandoned (a failed start is reported by whoever awaits it).
  child.hello.catch(() => undefined);
  const fail = (reason: string) => {
    exitReason ??= reason;
    const err = new Error(reason);
    failGreeting?.(err);
    failGreeting = undefined;
    greeted = undefined;
    const pending = child.pending;
    child.pending = undefined;
    pending?.reject(err);
  };
  const onLine = (line: string) => {
    if (line.trim() === '') return;
    if (greeted) {
      const g = greeted;
      greeted = undefined;
      failGreeting = undefined;
      g(line);
      return;
    }
    const pending = child.pending;
    child.pending = undefined;
    // A line nobody asked for is ignored: the next request's id tells its answer apart.
    pending?.resolve(line);
  };
  // Lines may be megabytes long: chunks are only joined once a newline arrives.
  let parts: string[] = [];
  let partLength = 0;
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    if (child.exited) return;
    let start = 0;
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', start)) {
      parts.push(chunk.slice(start, i));
      const line = parts.join('');
      parts = [];
      partLength = 0;
      start = i + 1;
      onLine(line);
    }
    if (start < chunk.length) {
      parts.push(chunk.slice(start));
      // Counted in characters: protocol lines are JSON in ASCII, a byte each.
      partLength += chunk.length - start;
      if (partLength > maxLineBytes) {
        parts = [];
        fail(`trainer line too long: more than ${formatBytes(maxLineBytes)} without a newline (the process was killed; raise the cap with --trainer-max-line)`);
        child.kill();
      }
    }
  });
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL);
  });
  // A write to a process that died fails with EPIPE; its exit is reported by the exit handler.
  proc.stdin.on('error', () => undefined);
  proc.on('error', (err) => {
    child.exited = true;
    if (proc.pid !== undefined) liveGroups.delete(proc.pid);
    fail(`could not start ${JSON.stringify(argv[0])}: ${err.message}`);
  });
  // 'close' comes after the process's stdout is drained, so a last line written before exiting is read first.
  proc.on('close', (code, signal) => {
    child.exited = true;
    if (proc.pid !== undefined) liveGroups.delete(proc.pid);
    const stderr = child.stderr();
    fail(`the process exited (${signal ? `signal ${signal}` : `code ${code}`})${stderr ? `; its stderr ended: ${stderr}` : ''}`);
  });
  // Idle processes do not keep Node alive; a waiting request holds its own timer.
  proc.unref();
  for (const stream of [proc.stdin, proc.stdout, proc.stderr]) (stream as unknown as { unref?(): void }).unref?.();
  return child;
}

/** An executable file of that name on PATH (or at that path), as a shell would find it. */
function findExecutable(command: string, cwd = process.cwd()): string | undefined {
  const isFile = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes('/')) return isFile(resolve(cwd, command)) ? command : undefined;
  return (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, command)).find(isFile);
}

const SETPRIV = process.platform === 'linux' ? findExecutable('setpriv') : undefined;

/**
 * The command run under `setpriv --pdeathsig KILL` where Linux's util-linux has it: the trainer is killed when the
 * process that started it dies, however it dies. Its own process group (detached) lets the harness end a wrapper
 * script's children too, but puts it out of reach of a kill of the run's group (a CI time limit); the parent-death
 * signal covers that case. A command that cannot be found is started as it is, so the error names it.
 */
function withParentDeathSignal(argv: string[], cwd?: string): string[] {
  if (!SETPRIV || !findExecutable(argv[0], cwd)) return argv;
  return [SETPRIV, '--pdeathsig', 'KILL', '--', ...argv];
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${bytes} bytes`;
}

/**
 * Starts CMD and waits for its greeting. A command that does not start or does not greet is an InputError
 * (bad input: exit 2); failures after that become per-request errors.
 */
export async function startProcessTrainer(options: ProcessTrainerOptions): Promise<ProcessTrainer> {
  const { command } = options;
  const argv = splitCommand(command);
  if (argv.length === 0) throw new InputError('--trainer-cmd', command, 'a command line, e.g. "python3 examples/numpy_trainer.py"');
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const startSeconds = options.startSeconds ?? DEFAULT_START_SECONDS;

  const launch = async (): Promise<{ child: Child; hello: Hello }> => {
    const child = startChild(argv, options);
    try {
      const hello = await within(child.hello, startSeconds, () => {
        child.kill();
        return `no greeting within ${startSeconds} s`;
      });
      return { child, hello };
    } catch (err) {
      child.kill();
      throw err;
    }
  };

  let first: { child: Child; hello: Hello };
  try {
    first = await launch();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new InputError('--trainer-cmd', command, `a command that starts a trainer and prints the protocol greeting first (docs/trainer-protocol.md); ${why}`);
  }
  const { hello } = first;
  let child: Child | undefined = first.child;
  let nextId = 0;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const request = async (req: TrainRequest): Promise<TrainResult> => {
    if (closed) throw new Error('the trainer process was closed');
    if (!child || child.exited) {
      child = undefined;
      try {
        child = (await launch()).child;
      } catch (err) {
        throw new Error(`restarting the process failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const current = child;
    const id = ++nextId;
    const answer = new Promise<string>((resolve, reject) => {
      current.pending = { id, resolve, reject };
    });
    current.proc.stdin.write(`${encodeRequest(id, req)}\n`);
    let line: string;
    try {
      line = await within(answer, timeoutSeconds, () => {
        current.pending = undefined;
        current.kill();
        return `no result within ${timeoutSeconds} s (the process was killed and is restarted for the next request)`;
      });
    } catch (err) {
      current.kill();
      throw err;
    }
    let response;
    try {
      response = decodeResponse(line);
    } catch (err) {
      // The stream is out of step: start afresh for the next request.
      current.kill();
      throw new Error(`malformed response line: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (response.id !== id) {
      current.kill();
      throw new Error(`response to request ${response.id} while waiting for request ${id}`);
    }
    if ('error' in response) throw new Error(`the process reported: ${response.error}`);
    return response.result;
  };

  return {
    name: hello.name,
    command,
    supports: (req) => supportsRequest(hello.supports, req),
    train(req) {
      const result = queue.then(() => request(req));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      closed = true;
      await queue;
      const current = child;
      child = undefined;
      if (!current || current.exited) return;
      // A process that does not end when its stdin closes is killed; its 'close' is not awaited then (the process
      // is unref'd, so nothing would keep this one alive to see it).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          current.kill();
          resolve();
        }, CLOSE_GRACE_MS);
        current.proc.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        current.proc.stdin.end();
      });
    },
  };
}
