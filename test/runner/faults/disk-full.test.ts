// A full disk while writing the checkpoint or the report: a named InputError (ENOSPC), never a crash, never a
// truncated file left behind. /dev/full, where every write fails with ENOSPC, stands in for the full disk: the
// temporary file of an atomic write, or the checkpoint itself, is a symbolic link to it.
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/contract/errors';
import { checkpointPath, continueCheckpoint, createCheckpoint, readCheckpoint } from '../../../src/runner/checkpoint';
import { runClaims } from '../../../src/runner/run';
import { runOptionsOf } from '../../../src/runner/plan';
import { writeReport } from '../../../src/report/write';
import { referenceTrainer } from '../../../src/core/train/reference';
import { DEV_FULL, failure, toyRegistry, toyRun } from '../../helpers/faults';
import { tempDir } from '../../helpers/harness';

const ENOSPC = 'failed: ENOSPC (no space left on device)"; allowed: a file system with free space';

describe.skipIf(!DEV_FULL)('a full disk', () => {
  let whole: Awaited<ReturnType<typeof toyRun>>;
  beforeAll(async () => {
    whole = await toyRun();
  });

  it('while writing the report: named, the temporary file removed, the previous report.json intact', async () => {
    const { dir, report } = whole;
    await writeReport(dir, report);
    const before = readFileSync(join(dir, 'report.json'), 'utf8');
    symlinkSync(DEV_FULL!, join(dir, `report.json.tmp-${process.pid}`));
    const err = await failure(() => writeReport(dir, report));
    expect(err).toBeInstanceOf(InputError);
    expect(String(err)).toBe(`InputError: ${join(dir, 'report.json')}: got "writing ${ENOSPC}`);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('while writing the checkpoint header: named, no checkpoint and no temporary file left', async () => {
    const { lines } = whole;
    const dir = tempDir();
    symlinkSync(DEV_FULL!, join(dir, `trials.jsonl.tmp-${process.pid}`));
    expect(String(await failure(() => createCheckpoint(dir, JSON.parse(lines[0]).config)))).toBe(`InputError: ${checkpointPath(dir)}: got "writing the checkpoint header ${ENOSPC}`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('while appending a trial: the run ends with the named error', async () => {
    const { lines } = whole;
    const dir = tempDir();
    writeFileSync(checkpointPath(dir), `${lines[0]}\n`);
    const data = readCheckpoint(checkpointPath(dir));
    // The checkpoint's file system fills up once the run is under way.
    const full = join(dir, 'full.jsonl');
    symlinkSync(DEV_FULL!, full);
    const writer = continueCheckpoint({ ...data, file: full, validBytes: 0 });
    const err = await failure(() => runClaims(toyRegistry, { ...runOptionsOf(data.config, referenceTrainer), onTrial: (key, outcome) => writer.trial(key, outcome) }));
    writer.close();
    expect(String(err)).toBe(`InputError: ${full}: got "appending to the checkpoint ${ENOSPC}`);
    expect(existsSync(join(dir, 'report.json'))).toBe(false);
  });
});
