import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../harness/result';
import { reportJson } from './json';
import { reportMarkdown } from './markdown';

/** Writes report.json and report.md into dir; each file appears whole or not at all (write, then rename). */
export async function writeReport(dir: string, report: Report): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    ['report.json', reportJson(report)],
    ['report.md', reportMarkdown(report)],
  ];
  for (const [name, text] of files) await writeAtomic(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}

export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
