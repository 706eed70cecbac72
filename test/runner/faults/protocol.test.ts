// Abuse of the trainer protocol and of the environment: a trainer process that never answers, one that writes a
// line past the cap, and a kernels setting that does not exist. Each is named; none crashes or hangs the run.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { guardTrainer } from '../../../src/core/check/guard';
import { startProcessTrainer, type ProcessTrainer } from '../../../src/runner/trainers/process';
import { bin, cli, expectRejected } from '../../cli/helpers';
import { tinyRequest } from '../../helpers/trainer-claims';

// A protocol trainer that answers with a line of LENGTH characters and no newline ("long"), or never ("mute").
const TRAINER = String.raw`
import { createInterface } from 'node:readline';
const [mode, length] = process.argv.slice(2);
process.stdout.write(JSON.stringify({ protocol: 'theorycheck-trainer', version: 1, name: 'abuser-' + mode }) + '\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (mode === 'long') process.stdout.write('x'.repeat(Number(length)));
}
`;
const dir = mkdtempSync(join(tmpdir(), 'tc-abuse-'));
writeFileSync(join(dir, 'abuser.mjs'), TRAINER);
const command = (mode: string, length = 0) => `"${process.execPath}" ${join(dir, 'abuser.mjs')} ${mode} ${length}`;

describe('a trainer process that abuses the protocol', () => {
  const started: ProcessTrainer[] = [];
  afterAll(async () => {
    await Promise.all(started.map((t) => t.close()));
  });

  it('a line past the cap fails its request as "trainer line too long", kills the process, and the next request starts a new one', async () => {
    const trainer = await startProcessTrainer({ command: command('long', 3 * 1024 * 1024), maxLineBytes: 1024 * 1024 });
    started.push(trainer);
    const guard = guardTrainer(trainer);
    await expect(guard.trainer.train(tinyRequest())).rejects.toThrow(/trainer line too long: more than 1 MiB without a newline/);
    expect(guard.failure()).toMatchObject({ status: 'error', reason: expect.stringMatching(/^trainer abuser-long: train threw: trainer line too long/) });
    await expect(trainer.train(tinyRequest())).rejects.toThrow(/trainer line too long/);
  });

  it('a request never answered is an error after --trainer-timeout, marked as timed out: never silent', async () => {
    const trainer = await startProcessTrainer({ command: command('mute'), timeoutSeconds: 0.3 });
    started.push(trainer);
    const guard = guardTrainer(trainer);
    await expect(guard.trainer.train(tinyRequest())).rejects.toThrow(/no result within 0.3 s/);
    expect(guard.failure()).toMatchObject({ status: 'error', reason: expect.stringMatching(/^timed out: trainer abuser-mute: no result within 0.3 s/) });
  });

  it('--trainer-max-line outside (0, 500] MiB is bad input', async () => {
    for (const bad of ['0', '-1', '600', 'big']) {
      expectRejected(await cli('run', '--claim', 'quadratic.energy-barrier', '--scale', 'small', '--trainer-cmd', command('mute'), '--trainer-max-line', bad, '--out', dir), '--trainer-max-line', expect);
    }
  });
});

describe('THEORYCHECK_KERNELS', () => {
  it('a value other than wasm or js is bad input, naming the allowed values', async () => {
    const run = promisify(execFile)(process.execPath, [bin, 'list'], { env: { ...process.env, THEORYCHECK_KERNELS: 'bogus' } });
    const result = await run.then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expectRejected(result, 'THEORYCHECK_KERNELS', expect);
    expect(result.stderr).toContain('allowed: wasm or js (unset: wasm)');
  });
});
