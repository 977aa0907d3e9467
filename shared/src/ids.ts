import { z } from 'zod';

/** RFC 9562 UUID version 7: time-ordered, generated on the device. */
export const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const EventIdSchema = z.string().regex(UUID_V7_PATTERN, 'must be a lowercase UUIDv7');

/** Device ids are UUIDs the collector assigns at enrollment (v4 or v7). */
export const DeviceIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'must be a lowercase UUID');
export type DeviceId = z.infer<typeof DeviceIdSchema>;

/** The millisecond timestamp encoded in the first 48 bits of a UUIDv7. */
export function uuidV7Time(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

