import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitedChildrenCpuSeconds } from '../../bench/timing';

// A child that spins for a while and prints the CPU seconds it used by its own account.
const SPIN = 'const t = Date.now(); let x = 0; while (Date.now() - t < 300) x += Math.sqrt(x + 1); const u = process.cpuUsage(); console.log((u.user + u.system) / 1e6);';

describe.skipIf(!existsSync('/proc/self/stat'))('exitedChildrenCpuSeconds', () => {
  it('grows by the CPU time an exited child reports of itself', () => {
    const before = exitedChildrenCpuSeconds();
    const child = spawnSync(process.execPath, ['-e', SPIN], { encoding: 'utf8' });
    const after = exitedChildrenCpuSeconds();
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    const own = Number(child.stdout.trim());
    expect(own).toBeGreaterThan(0.1);
    // The kernel counts in clock ticks and includes the child's start-up and exit, which its own count misses.
    const tick = 0.01; // CLK_TCK is 100 on Linux
    expect(after! - before!).toBeGreaterThanOrEqual(own - 2 * tick);
  });
});
