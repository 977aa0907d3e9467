import { v7 as uuidv7 } from 'uuid';
import { parseEvent, type EventPayload, type EventType, type SluiceEvent } from '@sluice/shared';

export type EventFactory = <T extends EventType>(type: T, payload: EventPayload<T>, options?: { user?: string; time?: number }) => SluiceEvent;

/**
 * Builds events for this device: a UUIDv7 id made here (the collector deduplicates on it), the
 * device id, the user and the time. Events are validated against the protocol before they are
 * queued, so an event the collector would refuse never enters the outbox.
 */
export function createEventFactory(deviceId: string, user: () => string, now: () => number = Date.now): EventFactory {
  return (type, payload, options = {}) => {
    const time = options.time ?? now();
    const candidate = { id: uuidv7({ msecs: time }), deviceId, user: options.user ?? user(), time, type, payload };
    const parsed = parseEvent(candidate);
    if (!parsed.ok) throw parsed.error;
    return parsed.value;
  };
}
