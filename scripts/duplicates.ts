// npm run duplicates: the blocks of six lines or more that stand twice in the code (jscpd, .jscpd.json), and a
// failure when there are more than MAX_BLOCKS of them: a copy is a helper waiting to be written.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const MAX_BLOCKS = 10;
const config = JSON.parse(readFileSync('.jscpd.json', 'utf8')) as { output: string };
execFileSync(process.execPath, [join('node_modules', 'jscpd', 'run-jscpd.js'), '--config', '.jscpd.json'], { stdio: 'inherit' });
const report = JSON.parse(readFileSync(join(config.output, 'jscpd-report.json'), 'utf8')) as {
  duplicates: { lines: number; firstFile: { name: string; start: number; end: number }; secondFile: { name: string; start: number; end: number } }[];
};
for (const d of report.duplicates) {
  process.stdout.write(`${d.firstFile.name}:${d.firstFile.start}-${d.firstFile.end} = ${d.secondFile.name}:${d.secondFile.start}-${d.secondFile.end} (${d.lines} lines)\n`);
}
process.stdout.write(`${report.duplicates.length} duplicated blocks of ${MAX_BLOCKS} allowed\n`);
process.exitCode = report.duplicates.length > MAX_BLOCKS ? 1 : 0;
