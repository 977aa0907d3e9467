import { z } from 'zod';
import { WIRE_ERROR_CODES, err, ok, wireError, type Result, type SluiceError } from '../errors.js';
import { DeviceIdSchema } from '../ids.js';
import { SignedPolicySchema } from '../policy/signing.js';
import { describeIssues } from '../validation.js';
import { MAX_EVENT_BYTES } from '../events/limits.js';

/** Bumped only for changes an older peer cannot ignore; peers announce it in hello/welcome. */
export const PROTOCOL_VERSION = 1;

/** Defaults for the bounds the collector announces in `welcome`. */
export const DEFAULT_LIMITS = {
  maxFrameBytes: 1024 * 1024,
  maxBatchEvents: 1_000,
  maxEventBytes: MAX_EVENT_BYTES,
  /** Unacknowledged events an agent may have in flight on one connection. */
  maxInFlightEvents: 5_000,
} as const;

export const HEARTBEAT_INTERVAL_MS = 15_000;

const seq = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

// ---- agent to collector -------------------------------------------------------------------------

export const HelloSchema = z.strictObject({
  type: z.literal('hello'),
  protocol: z.number().int().positive(),
  deviceId: DeviceIdSchema,
  agentVersion: z.string().min(1).max(64),
  os: z.strictObject({
    platform: z.string().max(32),
    release: z.string().max(128),
    arch: z.string().max(32),
    hostname: z.string().max(255),
  }),
  /** Version of the policy the agent has applied, or null before its first policy. */
  policyVersion: count.nullable(),
});

/** One event on the wire: the agent's per-device sequence number and the event itself. */
export const SequencedEventSchema = z.strictObject({
  seq,
  /** Validated per event by the collector, so one bad event does not sink its batch. */
  event: z.unknown(),
});

export const EventBatchSchema = z.strictObject({
  type: z.literal('events'),
  /** Agent-chosen batch number, echoed in errors about this batch. */
  batch: count,
  events: z.array(SequencedEventSchema).min(1),
});

export const HeartbeatSchema = z.strictObject({
  type: z.literal('heartbeat'),
  time: count,
  outbox: z.strictObject({ pending: count, bytes: count, dropped: count }),
  policyVersion: count.nullable(),
});

export const PolicyAckSchema = z.strictObject({
  type: z.literal('policy_ack'),
  version: count,
  status: z.enum(['applied', 'rejected']),
  code: z.enum(WIRE_ERROR_CODES).optional(),
  reason: z.string().max(1_000).optional(),
});

export const AgentMessageSchema = z.discriminatedUnion('type', [
  HelloSchema,
  EventBatchSchema,
  HeartbeatSchema,
  PolicyAckSchema,
]);
export type AgentMessage = z.infer<typeof AgentMessageSchema>;
export type Hello = z.infer<typeof HelloSchema>;
export type EventBatch = z.infer<typeof EventBatchSchema>;
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
export type PolicyAck = z.infer<typeof PolicyAckSchema>;

// ---- collector to agent -------------------------------------------------------------------------

export const WelcomeSchema = z.strictObject({
  type: z.literal('welcome'),
  protocol: z.number().int().positive(),
  deviceId: DeviceIdSchema,
  /** Highest sequence number the collector has durably stored for this device (0 for none). */
  lastSeq: count,
  serverTime: count,
  heartbeatIntervalMs: z.number().int().positive(),
  limits: z.strictObject({
    maxFrameBytes: z.number().int().positive(),
    maxBatchEvents: z.number().int().positive(),
    maxEventBytes: z.number().int().positive(),
    maxInFlightEvents: z.number().int().positive(),
  }),
});

export const RejectedEventSchema = z.strictObject({
  seq,
  code: z.enum(WIRE_ERROR_CODES),
  message: z.string().max(1_000),
});

export const AckSchema = z.strictObject({
  type: z.literal('ack'),
  /** Every event of this device up to and including `seq` is durably stored (or was rejected). */
  seq: count,
  batch: count.optional(),
  /** Events of the acknowledged range that were refused; they will never be stored. */
  rejected: z.array(RejectedEventSchema).max(DEFAULT_LIMITS.maxBatchEvents).optional(),
});

export const PolicyMessageSchema = z.strictObject({
  type: z.literal('policy'),
  policy: SignedPolicySchema,
});

export const ErrorMessageSchema = z.strictObject({
  type: z.literal('error'),
  code: z.enum(WIRE_ERROR_CODES),
  message: z.string().max(1_000),
  /** When true the collector closes the connection after this message. */
  fatal: z.boolean(),
  batch: count.optional(),
});

export const FlowSchema = z.strictObject({
  type: z.literal('flow'),
  /** `pause`: send nothing new until `resume`; unacknowledged batches stay in flight. */
  action: z.enum(['pause', 'resume']),
  reason: z.string().max(200).optional(),
});

export const CollectorMessageSchema = z.discriminatedUnion('type', [
  WelcomeSchema,
  AckSchema,
  PolicyMessageSchema,
  ErrorMessageSchema,
  FlowSchema,
]);
export type CollectorMessage = z.infer<typeof CollectorMessageSchema>;
export type Welcome = z.infer<typeof WelcomeSchema>;
export type Ack = z.infer<typeof AckSchema>;
export type ErrorMessage = z.infer<typeof ErrorMessageSchema>;
export type Flow = z.infer<typeof FlowSchema>;
export type RejectedEvent = z.infer<typeof RejectedEventSchema>;

// ---- parsing ------------------------------------------------------------------------------------

function parseFrame<T extends { type: string }>(
  schema: z.ZodType<T>,
  types: ReadonlySet<string>,
  frame: string,
): Result<T, SluiceError> {
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    return err(wireError('E_BAD_JSON'));
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return err(wireError('E_BAD_MESSAGE', 'A message must be a JSON object.'));
  }
  const type = (json as { type?: unknown }).type;
  if (typeof type !== 'string' || !types.has(type)) {
    const shown = typeof type === 'string' ? `"${type.slice(0, 40)}"` : 'missing';
    return err(wireError('E_UNKNOWN_MESSAGE_TYPE', `Type ${shown}.`));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return err(wireError('E_BAD_MESSAGE', describeIssues(parsed.error)));
  return ok(parsed.data);
}

const AGENT_TYPES = new Set(['hello', 'events', 'heartbeat', 'policy_ack']);
const COLLECTOR_TYPES = new Set(['welcome', 'ack', 'policy', 'error', 'flow']);

export function parseAgentMessage(frame: string): Result<AgentMessage, SluiceError> {
  return parseFrame(AgentMessageSchema, AGENT_TYPES, frame);
}

export function parseCollectorMessage(frame: string): Result<CollectorMessage, SluiceError> {
  return parseFrame(CollectorMessageSchema, COLLECTOR_TYPES, frame);
}
