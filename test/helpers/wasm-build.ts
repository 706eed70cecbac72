// The check that a committed .wasm is what its AssemblyScript source compiles to, and imports only its memory.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

export function describeCommittedWasm(name: string, source: string, config: URL, wasm: URL): void {
  describe(name, () => {
    it(`is what the committed AssemblyScript source compiles to (npm run build:wasm after editing ${source})`, async () => {
      const asc = (await import('assemblyscript/asc')).default;
      let built: Uint8Array | undefined;
      const stderr: string[] = [];
      const { error } = await asc.main(['--config', fileURLToPath(config)], {
        writeFile(file, contents) {
          if (file.endsWith('.wasm')) built = contents as Uint8Array;
        },
        stderr: { write: (text: string) => stderr.push(String(text)) } as never,
      });
      expect(error, stderr.join('')).toBeNull();
      expect(built).toBeDefined();
      expect(Buffer.from(built as Uint8Array).equals(readFileSync(wasm))).toBe(true);
    });

    it('imports only its memory', () => {
      const module = new WebAssembly.Module(readFileSync(wasm));
      expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    });
  });
}
