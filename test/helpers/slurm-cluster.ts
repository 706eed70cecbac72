// A one-node Slurm cluster for a test, started and stopped by scripts/slurm-local.sh in a directory of its own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const SCRIPT = join(import.meta.dirname, '../../scripts/slurm-local.sh');

const onPath = (command: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Why a local cluster cannot be had here (undefined: it can): starting slurmd and installing packages need root. */
export function slurmUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'Slurm runs on Linux only';
  if (process.getuid?.() !== 0) return 'starting slurmd needs root';
  if (!['slurmctld', 'slurmd', 'sbatch', 'munged'].every(onPath) && !onPath('apt-get')) return 'slurm-wlm and munge are not installed, and there is no apt-get to install them';
  return undefined;
}

/** Whether two consecutive TCP ports are free, for slurmctld and slurmd. */
async function freePorts(first: number): Promise<boolean> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, () => server.close(() => resolve(true)));
    });
  return (await free(first)) && (await free(first + 1));
}

export interface LocalSlurm {
  /** The environment Slurm's commands need (SLURM_CONF), for theorycheck's children. */
  env: Record<string, string>;
  stop(): void;
  /** Slurm's state of a job or array task ("123", "123_2"), while slurmctld remembers it. */
  state(id: string): string | undefined;
  /** Waits until every listed job and array task has ended (none pending, running or completing). */
  settle(ids: string[], ms: number): Promise<void>;
}

const ENDED = new Set(['COMPLETED', 'CANCELLED', 'FAILED', 'TIMEOUT', 'NODE_FAIL', 'PREEMPTED', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE']);

export async function startLocalSlurm(): Promise<LocalSlurm> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-slurm-'));
  let port = 20_000 + 2 * Math.floor(Math.random() * 10_000);
  while (!(await freePorts(port))) port += 2;
  const scriptEnv = { ...process.env, THEORYCHECK_SLURM_DIR: dir, THEORYCHECK_SLURM_PORT: String(port) };
  const started = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8', env: scriptEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  const conf = /export SLURM_CONF=(\S+)/.exec(started)?.[1];
  if (!conf || !existsSync(conf)) throw new Error(`slurm-local.sh start printed no SLURM_CONF: ${started}`);
  const env = { SLURM_CONF: conf };
  const states = (): Map<string, string> => {
    const text = execFileSync('squeue', ['-h', '-r', '-t', 'all', '-o', '%i|%T'], { encoding: 'utf8', env: { ...process.env, ...env } });
    return new Map(text.trim().split('\n').filter(Boolean).map((line) => line.split('|') as [string, string]));
  };
  return {
    env,
    stop: () => void execFileSync('bash', [SCRIPT, 'stop'], { env: scriptEnv, stdio: 'inherit' }),
    state: (id) => states().get(id),
    async settle(ids, ms) {
      for (let waited = 0; ; waited += 500) {
        const open = [...states()].filter(([id, state]) => ids.includes(id.split('_')[0]) && !ENDED.has(state));
        if (!open.length) return;
        if (waited > ms) throw new Error(`jobs still open after ${ms / 1000} s: ${open.map((e) => e.join(' ')).join(', ')}`);
        await sleep(500);
      }
    },
  };
}
