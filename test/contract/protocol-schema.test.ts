// docs/trainer-protocol.schema.json is generated from the contract's schemas: it may not drift from them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { protocolSchemaText } from '../../src/contract/schema';

describe('the process protocol JSON Schema', () => {
  it('is what `npm run protocol-schema` writes from src/contract/schema.ts', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../docs/trainer-protocol.schema.json'), 'utf8');
    expect(committed, 'docs/trainer-protocol.schema.json is stale: run npm run protocol-schema').toBe(protocolSchemaText());
  });
});
