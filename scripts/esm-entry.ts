// npm run esm-entry: rewrites the list of names src/esm-entry.mjs re-exports from index.ts's runtime exports.
// test/package.test.ts fails when the committed list differs from index.ts's.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../src/esm-entry.mjs', import.meta.url);
const names = Object.keys(await import('../src/index')).sort();
const lines: string[] = [];
let line = ' ';
for (const name of names) {
  if (`${line} ${name},`.length > 118) {
    lines.push(line);
    line = ' ';
  }
  line += ` ${name},`;
}
lines.push(line.replace(/,$/, ''));
const text = readFileSync(file, 'utf8').replace(/export const \{\n[\s\S]*?\n\} = api;/, `export const {\n${lines.join('\n')}\n} = api;`);
writeFileSync(file, text);
