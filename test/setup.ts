import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

// Property tests use a fixed seed so a run is reproducible (and mutation-testable).
fc.configureGlobal({ seed: 20261125 });

// Commands the tests run save their counterexamples here, not in the checkout's .theorycheck/.
process.env.THEORYCHECK_FAILURES_DIR ??= mkdtempSync(join(tmpdir(), 'tc-failures-'));
