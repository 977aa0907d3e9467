// Regenerates the checked-in artifacts derived from the code: the wire protocol's JSON Schema and
// the OCSF mapping table. Tests fail when either drifts from the code.
import { writeFileSync } from 'node:fs';
import { ocsfMappingMarkdown, protocolJsonSchema } from '../dist/index.js';

const schema = new URL('../schema/protocol-v1.schema.json', import.meta.url);
writeFileSync(schema, `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`);
console.log(`wrote ${schema.pathname}`);
const mapping = new URL('../../docs/ocsf-mapping.md', import.meta.url);
writeFileSync(mapping, ocsfMappingMarkdown());
console.log(`wrote ${mapping.pathname}`);
