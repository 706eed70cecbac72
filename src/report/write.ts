import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../contract/report';
import { reportHtml } from './html';
import { reportJson } from './json';
import { reportMarkdown } from './markdown';
import { claimPlots } from './plots';

/** The file name of a claim's plot under plots/: the id is `family.name`, safe as it is. */
export function plotFile(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.svg`;
}

/**
 * Writes report.json, report.md, report.html and plots/ID.svg (one per claim with a plot) into dir, and
 * removes other SVGs from plots/; each file appears whole or not at all (write, then rename).
 */
export async function writeReport(dir: string, report: Report): Promise<string[]> {
  await mkdir(join(dir, 'plots'), { recursive: true });
  const plots = await claimPlots(report.claims);
  const files: [string, string][] = [
    ['report.json', reportJson(report)],
    ['report.md', reportMarkdown(report)],
    ['report.html', reportHtml(report, plots)],
    ...[...plots].map(([id, svg]): [string, string] => [join('plots', plotFile(id)), `${svg}\n`]),
  ];
  for (const [name, text] of files) await writeAtomic(join(dir, name), text);
  // plots/ holds this report's plots only: an SVG left by an earlier run (a claim since renamed or not run)
  // would pass for one of them.
  const current = new Set([...plots.keys()].map(plotFile));
  for (const name of await readdir(join(dir, 'plots'))) if (name.endsWith('.svg') && !current.has(name)) await rm(join(dir, 'plots', name), { force: true });
  return files.map(([name]) => join(dir, name));
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
