// One-line mutations of a trainer's source: the bug zoos of trainers written in other languages
// (test/fixtures/torch-bugs/*.bug) describe each bug as the one line it changes, so that the zoo holds no copy of the
// trainer. A .bug file: a first line "Bug: what goes wrong", a line "-" + the line as it stands in the source (its
// indentation included), and a line "+" + the line that replaces it.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../contract/errors';

export interface LinePatch {
  /** The bug's name: the file name without .bug. */
  name: string;
  bug: string;
  from: string;
  to: string;
}

/** The .bug files of a directory, sorted. */
export function linePatchFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bug'))
    .sort()
    .map((f) => join(dir, f));
}

export function readLinePatch(file: string): LinePatch {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  const [head, minus, plus] = lines;
  if (lines.length !== 3 || !head.startsWith('Bug: ') || !minus.startsWith('-') || !plus.startsWith('+') || minus.slice(1) === plus.slice(1)) {
    throw new InputError(file, lines.slice(0, 4).join(' | '), 'three lines: "Bug: <what goes wrong>", "-<the line as it stands>", "+<the line that replaces it>" (a different line)');
  }
  return { name: basename(file).replace(/\.bug$/, ''), bug: head.slice('Bug: '.length).trim(), from: minus.slice(1), to: plus.slice(1) };
}

/** The source with the patch's line replaced; the line must stand exactly once, so a patch never lands elsewhere. */
export function applyLinePatch(source: string, patch: LinePatch): string {
  const lines = source.split('\n');
  const at = lines.flatMap((line, i) => (line === patch.from ? [i] : []));
  if (at.length !== 1) throw new InputError(`${patch.name}.bug`, patch.from, `a line that stands exactly once in the trainer's source (found ${at.length} times)`);
  lines[at[0]] = patch.to;
  return lines.join('\n');
}

/** Writes the patched copy of a trainer's source to dir/<bug name>/<source's file name>; returns its path. */
export function writePatchedTrainer(sourceFile: string, patch: LinePatch, dir: string): string {
  const out = join(dir, patch.name);
  mkdirSync(out, { recursive: true });
  const file = join(out, basename(sourceFile));
  writeFileSync(file, applyLinePatch(readFileSync(sourceFile, 'utf8'), patch));
  return file;
}
