// npm run protocol-schema: docs/trainer-protocol.schema.json from the contract's schemas (src/contract/schema.ts).
// test/contract/protocol-schema.test.ts fails when the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { protocolSchemaText } from '../src/contract/schema';

writeFileSync(new URL('../docs/trainer-protocol.schema.json', import.meta.url), protocolSchemaText());
