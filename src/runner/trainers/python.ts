// The interpreter for a trainer written in Python: the python3 on PATH, else Debian's /usr/bin/python3 (where apt
// installs python3-numpy and python3-torch, which a pyenv or venv python3 on PATH does not see).
import { spawnSync } from 'node:child_process';

const CANDIDATES = ['python3', '/usr/bin/python3'];

/** The first python3 that imports the module, or undefined when none does. */
export function pythonWith(module: string): string | undefined {
  return CANDIDATES.find((python) => {
    const probe = spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 60_000 });
    return !probe.error && probe.status === 0;
  });
}
