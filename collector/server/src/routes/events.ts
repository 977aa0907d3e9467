import type { FastifyInstance } from 'fastify';
import { DeviceIdSchema, SluiceError } from '@sluice/shared';
import { z } from 'zod';
import { requireAdmin } from '../plugins/auth.js';
import { parseTextQuery } from '../storage/text-query.js';
import type { EventCursor } from '../storage/store.js';
import { parseInput } from './validate.js';

export const MAX_PAGE_SIZE = 1_000;
/** A page stops early past this much payload, so a response stays small whatever agents stored. */
export const MAX_PAGE_PAYLOAD_CHARS = 8 * 1024 * 1024;

/** A time given as milliseconds since the epoch or as an ISO 8601 date-time. */
const TimeParamSchema = z.string().max(40).transform((value, ctx) => {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time or milliseconds since the epoch' });
    return z.NEVER;
  }
  return ms;
});

const EventsQuerySchema = z.strictObject({
  device: DeviceIdSchema.optional(),
  user: z.string().max(256).optional(),
  type: z.string().max(64).optional(),
  since: TimeParamSchema.optional(),
  until: TimeParamSchema.optional(),
  text: z.string().max(1_000).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE))
    .optional(),
  cursor: z.string().max(100).optional(),
});

export function encodeCursor(cursor: EventCursor): string {
  return Buffer.from(`${cursor.time}:${cursor.rowid}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string): EventCursor {
  const match = /^(\d{1,16}):(\d{1,16})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) throw new SluiceError('E_BAD_REQUEST', 'The cursor is not valid.');
  return { time: Number(match[1]), rowid: Number(match[2]) };
}

/** GET /v1/events: the timeline, newest first, filtered, with cursor pagination. */
export async function eventRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', requireAdmin);

  app.get('/v1/events', async (request) => {
    const q = parseInput(EventsQuerySchema, request.query, 'query');
    if (q.text !== undefined && parseTextQuery(q.text) === undefined) {
      throw new SluiceError('E_BAD_REQUEST', 'The text query has no searchable words.');
    }
    const page = await app.ctx.store.searchEvents({
      deviceId: q.device,
      user: q.user,
      type: q.type,
      since: q.since,
      until: q.until,
      text: q.text,
      limit: q.limit ?? 100,
      cursor: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
      maxPayloadChars: MAX_PAGE_PAYLOAD_CHARS,
    });
    return { events: page.events, nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null };
  });
}
