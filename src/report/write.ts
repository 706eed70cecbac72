import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileError } from '../contract/errors';
import type { Report } from '../contract/report';
import { reportHtml } from './html';
import { reportJson } from './json';
import { reportMarkdown } from './markdown';
import { reportJunit } from './junit';
import { claimPlots } from './plots';

/** The file name of a claim's plot under plots/: the id is `family.name`, safe as it is. */
export function plotFile(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.svg`;
}

/**
 * Writes report.json, report.md, report.html, junit.xml and plots/ID.svg (one per claim with a plot) into dir, and
 * removes other SVGs from plots/; each file appears whole or not at all (write, then rename), and a write that
 * fails leaves the previous file as it was. A failed file operation is an InputError naming the path and the errno.
 */
export async function writeReport(dir: string, report: Report): Promise<string[]> {
  await named(join(dir, 'plots'), 'creating the directory', () => makeDirectory(resolve(dir, 'plots')));
  const plots = await claimPlots(report.claims);
  const files: [string, string][] = [
    ['report.json', reportJson(report)],
    ['report.md', reportMarkdown(report)],
    ['report.html', reportHtml(report, plots)],
    ['junit.xml', reportJunit(report)],
    ...[...plots].map(([id, svg]): [string, string] => [join('plots', plotFile(id)), `${svg}\n`]),
  ];
  for (const [name, text] of files) await writeAtomic(join(dir, name), text);
  // plots/ holds this report's plots only: an SVG left by an earlier run (a claim since renamed or not run)
  // would pass for one of them.
  const current = new Set([...plots.keys()].map(plotFile));
  const stale = (await named(join(dir, 'plots'), 'listing', () => readdir(join(dir, 'plots')))).filter((name) => name.endsWith('.svg') && !current.has(name));
  for (const name of stale) await named(join(dir, 'plots', name), 'removing', () => rm(join(dir, 'plots', name), { force: true }));
  return files.map(([name]) => join(dir, name));
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    // A full disk leaves a truncated temporary file: gone, so only whole reports are ever in the directory.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw fileError(path, 'writing', err);
  }
}

async function named<T>(path: string, doing: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    throw fileError(path, doing, err);
  }
}

/**
 * mkdir -p, one level at a time from the top. Not mkdir's recursive mode: where mkdir answers ENOENT under an
 * existing parent (under /proc) that mode retries forever and never settles.
 */
async function makeDirectory(dir: string): Promise<void> {
  const parent = dirname(dir);
  if (parent !== dir && !existsSync(parent)) await makeDirectory(parent);
  await mkdir(dir).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST' || !(await stat(dir).catch(() => undefined))?.isDirectory()) throw err;
  });
}
