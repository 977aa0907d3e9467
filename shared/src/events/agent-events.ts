import { z } from 'zod';
import { WIRE_ERROR_CODES } from '../errors.js';
import { defineEventType, OCSF } from './define.js';
import { MAX_SHORT_TEXT_CHARS, MAX_TEXT_CHARS } from './limits.js';

const shortText = z.string().max(MAX_SHORT_TEXT_CHARS);
const count = z.number().int().nonnegative();

export const AgentTestPayloadSchema = z.strictObject({
  index: count,
  count: z.number().int().positive(),
  note: shortText,
});

export const agentTest = defineEventType({
  type: 'agent.test',
  description: 'A test event queued by `sluice agent test-event` to prove the pipeline end to end.',
  payload: AgentTestPayloadSchema,
  ocsf: { ...OCSF.baseEvent, activityId: 99, activityName: 'Test' },
  searchText: (p) => [p.note],
});

const AgentLifecyclePayloadSchema = z.strictObject({
  agentVersion: shortText,
  pid: count,
  reason: shortText.optional(),
});

export const agentStarted = defineEventType({
  type: 'agent.started',
  description: 'The agent process started.',
  payload: AgentLifecyclePayloadSchema,
  ocsf: { ...OCSF.applicationLifecycle, activityId: 3, activityName: 'Start' },
  searchText: (p) => [p.agentVersion],
});

export const agentStopped = defineEventType({
  type: 'agent.stopped',
  description: 'The agent process stopped cleanly.',
  payload: AgentLifecyclePayloadSchema,
  ocsf: { ...OCSF.applicationLifecycle, activityId: 4, activityName: 'Stop' },
  searchText: (p) => [p.agentVersion, p.reason ?? ''],
});

export const agentOutboxDropped = defineEventType({
  type: 'agent.outbox_dropped',
  description: 'The outbox reached its bound and evicted its oldest undelivered events.',
  payload: z.strictObject({
    dropped: z.number().int().positive(),
    droppedBytes: count,
    bound: z.enum(['max_events', 'max_bytes']),
    firstDroppedTime: count,
    lastDroppedTime: count,
  }),
  ocsf: { ...OCSF.baseEvent, activityId: 99, activityName: 'Events Dropped' },
  searchText: (p) => [p.bound],
});

export const agentError = defineEventType({
  type: 'agent.error',
  description: 'A component of the agent hit an error it recovered from (bad input, unavailable source).',
  payload: z.strictObject({
    component: shortText,
    code: shortText,
    message: z.string().max(MAX_TEXT_CHARS),
  }),
  ocsf: { ...OCSF.baseEvent, activityId: 99, activityName: 'Error' },
  searchText: (p) => [p.component, p.code, p.message],
});

const PolicyRefSchema = z.strictObject({
  policyId: shortText.nullable(),
  version: z.number().int().nonnegative().nullable(),
});

export const policyApplied = defineEventType({
  type: 'policy.applied',
  description: 'The agent verified and applied a signed policy.',
  payload: PolicyRefSchema.extend({ mode: z.enum(['monitor', 'enforce']), previousVersion: count.nullable() }),
  ocsf: { ...OCSF.deviceConfigStateChange, activityId: 1, activityName: 'Log' },
  searchText: (p) => [p.policyId ?? '', p.mode],
});

export const policyRejected = defineEventType({
  type: 'policy.rejected',
  description: 'The agent refused a policy: unsigned, forged, older than the one applied, or invalid.',
  payload: PolicyRefSchema.extend({
    code: z.enum(WIRE_ERROR_CODES),
    reason: z.string().max(MAX_TEXT_CHARS),
  }),
  ocsf: { ...OCSF.deviceConfigStateChange, activityId: 1, activityName: 'Log' },
  searchText: (p) => [p.policyId ?? '', p.code, p.reason],
});

export const AGENT_EVENT_TYPES = [
  agentTest,
  agentStarted,
  agentStopped,
  agentOutboxDropped,
  agentError,
  policyApplied,
  policyRejected,
] as const;
