// `run --watch`: the run again each time the trainer's sources change. Each run is a fresh `theorycheck run` process
// (the trainer's modules load anew, nothing of the last run stays in memory); a change during a run ends that run
// (its trials are in its checkpoint) and starts the next. Ctrl-C or SIGTERM ends the run in progress, then the watch.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { InputError } from '../index';

/** The sources a trainer is made of: what a change to sets off a run. */
const SOURCE = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.py', '.json']);
/** Editors write a file in several steps: one run after the last of them. */
const SETTLE_MS = 300;

/** The folders to watch: the trainer module's, or those of the files a trainer command names, and the config file's. */
export function watchedFolders(flags: { trainer?: string; trainerCmd?: string; config?: string }, words: (command: string) => string[], cwd = process.cwd()): string[] {
  const files = [
    ...(flags.trainer ? [flags.trainer] : []),
    ...(flags.trainerCmd ? words(flags.trainerCmd).slice(1) : []),
    ...(flags.config ? [flags.config] : []),
  ].map((f) => resolve(cwd, f)).filter((f) => existsSync(f) && statSync(f).isFile());
  if (!files.length) throw new InputError('--watch', 'set', 'with --trainer MODULE, or --trainer-cmd naming the trainer\'s file (e.g. "python3 my_trainer.py"): the files watched for changes');
  return [...new Set(files.map((f) => dirname(f)))];
}

/** Runs `theorycheck run ARGS` now and after every change in the folders, until SIGINT or SIGTERM. */
export function watchRuns(bin: string, args: readonly string[], folders: readonly string[], log: (line: string) => void): Promise<number> {
  let child: ChildProcess | undefined;
  let again = false;
  let stopping = false;
  let stopCode = 130;
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];
  return new Promise((done) => {
    const start = () => {
      again = false;
      child = spawn(process.execPath, [bin, 'run', ...args], { stdio: 'inherit' });
      child.on('exit', (code, signal) => {
        child = undefined;
        if (stopping) return finish(stopCode);
        if (again) return start();
        log(`\ntheorycheck: run ended (${signal ?? `exit ${code}`}); watching ${folders.join(', ')} for changes (Ctrl-C to stop)\n`);
      });
    };
    const changed = () => {
      if (stopping) return;
      log(`theorycheck: change seen, ${child ? 'ending this run and starting' : 'starting'} another\n`);
      if (!child) return start();
      again = true;
      child.kill('SIGINT');
    };
    const finish = (code: number) => {
      for (const w of watchers) w.close();
      done(code);
    };
    for (const folder of folders) {
      watchers.push(
        watch(folder, (_event, file) => {
          if (!file || !SOURCE.has(extname(file))) return;
          clearTimeout(timer);
          timer = setTimeout(changed, SETTLE_MS);
        }),
      );
    }
    const stop = (signal: 'SIGINT' | 'SIGTERM') => {
      if (stopping) return;
      stopping = true;
      stopCode = signal === 'SIGTERM' ? 143 : 130;
      clearTimeout(timer);
      // The run ends as an interrupted run does (its trials kept, a resume line printed); the watch ends after it.
      // Ctrl-C reaches the run from the terminal itself (one process group): only SIGTERM is passed on.
      if (!child) finish(stopCode);
      else if (signal === 'SIGTERM') child.kill('SIGTERM');
    };
    process.removeAllListeners('SIGINT').removeAllListeners('SIGTERM');
    process.on('SIGINT', () => stop('SIGINT')).on('SIGTERM', () => stop('SIGTERM'));
    start();
  });
}
