// Regenerates the checked-in JSON Schema of the wire protocol from the built zod schemas.
import { writeFileSync } from 'node:fs';
import { protocolJsonSchema } from '../dist/index.js';

const target = new URL('../schema/protocol-v1.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
