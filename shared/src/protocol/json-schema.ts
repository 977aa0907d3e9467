import { z } from 'zod';
import { EventSchema } from '../events/event.js';
import { PolicyInputSchema, PolicySchema } from '../policy/policy.js';
import { SignedPolicySchema } from '../policy/signing.js';
import { AgentMessageSchema, CollectorMessageSchema, PROTOCOL_VERSION } from './messages.js';

/**
 * The JSON Schema of protocol v1, generated from the zod schemas. It is checked in at
 * shared/schema/protocol-v1.schema.json and a test fails when it drifts from the code.
 */
export function protocolJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  registry.add(AgentMessageSchema, { id: 'AgentMessage' });
  registry.add(CollectorMessageSchema, { id: 'CollectorMessage' });
  registry.add(EventSchema, { id: 'Event' });
  registry.add(PolicySchema, { id: 'Policy' });
  registry.add(PolicyInputSchema, { id: 'PolicyInput' });
  registry.add(SignedPolicySchema, { id: 'SignedPolicy' });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `Sluice wire protocol v${PROTOCOL_VERSION}`,
    description: 'Generated from shared/src by `npm run generate`; do not edit by hand.',
    $defs: schemas,
  };
}
