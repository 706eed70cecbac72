import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NORMALS_WASM_PATH } from '../../../src/rng/wasm/loader';

const config = fileURLToPath(new URL('../../../src/rng/wasm/asconfig.json', import.meta.url));

describe('normals.wasm', () => {
  it('is what the committed AssemblyScript source compiles to (npm run build:wasm after editing normals.ts)', async () => {
    const asc = (await import('assemblyscript/asc')).default;
    let built: Uint8Array | undefined;
    const stderr: string[] = [];
    const { error } = await asc.main(['--config', config], {
      writeFile(name, contents) {
        if (name.endsWith('.wasm')) built = contents as Uint8Array;
      },
      stderr: { write: (text: string) => stderr.push(String(text)) } as never,
    });
    expect(error, stderr.join('')).toBeNull();
    expect(built).toBeDefined();
    expect(Buffer.from(built as Uint8Array).equals(readFileSync(NORMALS_WASM_PATH))).toBe(true);
  });

  it('imports only its memory', () => {
    const module = new WebAssembly.Module(readFileSync(NORMALS_WASM_PATH));
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
  });
});
