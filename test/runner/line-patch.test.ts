import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyLinePatch, linePatchFiles, readLinePatch, writePatchedTrainer } from '../../src/runner/line-patch';

const root = join(import.meta.dirname, '../..');
const example = join(root, 'examples/torch_trainer.py');
const zoo = linePatchFiles(join(root, 'test/fixtures/torch-bugs'));

describe('the PyTorch bug zoo', () => {
  it('holds at least ten bugs, each described and changing exactly one line of the example', () => {
    expect(zoo.length).toBeGreaterThanOrEqual(10);
    const source = readFileSync(example, 'utf8').split('\n');
    const dir = mkdtempSync(join(tmpdir(), 'theorycheck-torch-bugs-'));
    for (const file of zoo) {
      const patch = readLinePatch(file);
      expect(patch.bug, file).toMatch(/^\S.{30,}$/);
      const patched = readFileSync(writePatchedTrainer(example, patch, dir), 'utf8').split('\n');
      expect(patched.length, file).toBe(source.length);
      const changed = patched.flatMap((line, i) => (line === source[i] ? [] : [i]));
      expect(changed, file).toHaveLength(1);
      expect(patched[changed[0]]).toBe(patch.to);
    }
  });
});

describe('line patches', () => {
  const write = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'theorycheck-patch-')), 'x.bug');
    writeFileSync(file, text);
    return file;
  };

  it('refuse a file that is not a description and one changed line', () => {
    for (const text of ['-a\n+b\n', 'Bug: x\n+b\n-a\n', 'Bug: x\n-a\n+a\n', 'Bug: x\n-a\n+b\n+c\n']) {
      expect(() => readLinePatch(write(text)), text).toThrow(/x\.bug: got .*allowed: three lines/);
    }
  });

  it('apply only where the line stands exactly once, indentation included', () => {
    const patch = readLinePatch(write('Bug: the step forgotten\n-    step()\n+    pass\n'));
    expect(applyLinePatch('for x in y:\n    step()\n', patch)).toBe('for x in y:\n    pass\n');
    expect(() => applyLinePatch('step()\n', patch)).toThrow(/x\.bug: got "    step\(\)"; allowed: .*found 0 times/);
    expect(() => applyLinePatch('    step()\n    step()\n', patch)).toThrow(/found 2 times/);
  });
});
