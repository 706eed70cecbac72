// Processes of a test: the descendants of a pid (through every generation, whatever their process group) and
// whether a pid is still alive, for the tests that no child outlives theorycheck.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** Every descendant of pid, read from ps (children, their children, ...). */
export function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of rows) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of `pids` still alive after waiting up to `ms` for them to end. */
export async function survivors(pids: number[], ms = 8000): Promise<number[]> {
  for (let waited = 0; waited < ms && pids.some(alive); waited += 50) await sleep(50);
  return pids.filter(alive);
}
