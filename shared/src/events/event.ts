import { z } from 'zod';
import type { SluiceError} from '../errors.js';
import { err, ok, wireError, type Result } from '../errors.js';
import { DeviceIdSchema, EventIdSchema } from '../ids.js';
import { AGENT_EVENT_TYPES } from './agent-events.js';
import type { EventTypeDefinition } from './define.js';
import { DISCOVERY_EVENT_TYPES } from './discovery-events.js';
import { PASTE_EVENT_TYPES } from './paste-events.js';
import { MAX_EVENT_TIME_MS, MAX_USER_CHARS } from './limits.js';
import { describeIssues } from '../validation.js';

/** Every event type the protocol knows. Later capabilities append their definitions here. */
export const EVENT_TYPES = [...AGENT_EVENT_TYPES, ...DISCOVERY_EVENT_TYPES, ...PASTE_EVENT_TYPES] as const;

type Definitions = (typeof EVENT_TYPES)[number];
export type EventType = Definitions['type'];

const byType: ReadonlyMap<string, EventTypeDefinition> = new Map(EVENT_TYPES.map((d) => [d.type, d]));

export function eventTypeDefinition(type: string): EventTypeDefinition | undefined {
  return byType.get(type);
}

/** Fields every event carries, whatever its type. */
export const EventEnvelopeSchema = z.strictObject({
  /** UUIDv7 generated on the device: the deduplication key. */
  id: EventIdSchema,
  deviceId: DeviceIdSchema,
  /** The OS account the event is about (the logged-in user), or "" for device-level events. */
  user: z.string().max(MAX_USER_CHARS),
  /** When it happened on the device, in milliseconds since the Unix epoch (OCSF `time`). */
  time: z.number().int().nonnegative().max(MAX_EVENT_TIME_MS),
  type: z.string().max(64),
  payload: z.unknown(),
});

type EventOf<D> = D extends EventTypeDefinition<infer T, infer P>
  ? Omit<z.infer<typeof EventEnvelopeSchema>, 'type' | 'payload'> & { type: T; payload: z.infer<P> }
  : never;

export type SluiceEvent = EventOf<Definitions>;
export type EventPayload<T extends EventType> = Extract<SluiceEvent, { type: T }>['payload'];

const variants = EVENT_TYPES.map((d) =>
  EventEnvelopeSchema.extend({ type: z.literal(d.type), payload: d.payload }),
);

/** The full event schema, one variant per type (used for the generated JSON Schema). */
export const EventSchema = z.discriminatedUnion('type', variants as unknown as [
  (typeof variants)[number],
  ...(typeof variants)[number][],
]);

/**
 * Validates an event from the wire: the envelope first, then the payload against its type.
 * Unknown types and invalid payloads are E_BAD_EVENT with the reason.
 */
export function parseEvent(raw: unknown): Result<SluiceEvent, SluiceError> {
  const envelope = EventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return err(wireError('E_BAD_EVENT', describeIssues(envelope.error)));
  const definition = byType.get(envelope.data.type);
  if (!definition) {
    return err(wireError('E_BAD_EVENT', `Unknown event type "${envelope.data.type.slice(0, 64)}".`));
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) return err(wireError('E_BAD_EVENT', `payload.${describeIssues(payload.error)}`));
  return ok({ ...envelope.data, payload: payload.data } as SluiceEvent);
}

/** The words of an event the collector puts in its full-text index. */
export function eventSearchText(event: SluiceEvent): string {
  const definition = byType.get(event.type);
  if (!definition) return '';
  return [event.type, event.user, ...definition.searchText(event.payload)].filter(Boolean).join(' ');
}
