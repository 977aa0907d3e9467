/**
 * The wire error catalog. Every error that crosses the agent/collector boundary carries one of these
 * codes; messages are for humans and may change, codes may not.
 */
export interface ErrorSpec {
  readonly message: string;
  /** HTTP status when the error answers an HTTP request. */
  readonly status: number;
  /** When true on a WebSocket, the sender closes the connection after sending it. */
  readonly fatal: boolean;
}

const spec = (status: number, fatal: boolean, message: string): ErrorSpec => ({ status, fatal, message });

export const WIRE_ERRORS = {
  E_BAD_JSON: spec(400, false, 'The frame is not valid JSON.'),
  E_BAD_MESSAGE: spec(400, false, 'The message does not match the protocol schema.'),
  E_UNKNOWN_MESSAGE_TYPE: spec(400, false, 'The message type is not part of this protocol version.'),
  E_FRAME_TOO_LARGE: spec(413, true, 'The frame exceeds the maximum frame size.'),
  E_PROTOCOL_VERSION: spec(400, true, 'The protocol version is not supported.'),
  E_HELLO_REQUIRED: spec(400, false, 'The first message on a connection must be hello.'),
  E_HELLO_REPEATED: spec(400, false, 'Hello was already received on this connection.'),
  E_DEVICE_MISMATCH: spec(403, true, 'The message names a device other than the authenticated one.'),
  E_SEQ_REPLAY: spec(409, false, 'The sequence numbers were already stored; the events were ignored.'),
  E_SEQ_ORDER: spec(400, false, 'Sequence numbers within a batch must be strictly increasing.'),
  E_BAD_EVENT: spec(400, false, 'The event does not match its schema; it was rejected.'),
  E_EVENT_TOO_LARGE: spec(413, false, 'The event exceeds the maximum event size; it was rejected.'),
  E_BATCH_TOO_LARGE: spec(413, false, 'The batch holds more events than allowed.'),
  E_FLOW_VIOLATION: spec(429, true, 'The agent sent more unacknowledged events than the window allows.'),
  E_TOO_MANY_ERRORS: spec(400, true, 'Too many protocol errors on this connection.'),
  E_AUTH_REQUIRED: spec(401, true, 'Authentication is required.'),
  E_AUTH_INVALID: spec(401, true, 'The credentials are not valid.'),
  E_DEVICE_REVOKED: spec(403, true, 'This device has been revoked.'),
  E_SUPERSEDED: spec(409, true, 'A newer connection for this device replaced this one.'),
  E_SHUTTING_DOWN: spec(503, true, 'The collector is shutting down.'),
  E_OVERLOADED: spec(503, false, 'The collector is overloaded; retry later.'),
  E_STORAGE: spec(500, false, 'The collector could not store the events; they will be acknowledged later or resent.'),
  E_INTERNAL: spec(500, false, 'Internal error.'),
  E_ENROLL_TOKEN_INVALID: spec(401, false, 'The enrollment token is not valid.'),
  E_ENROLL_TOKEN_EXPIRED: spec(401, false, 'The enrollment token has expired.'),
  E_ENROLL_TOKEN_REVOKED: spec(401, false, 'The enrollment token has been revoked.'),
  E_ENROLL_TOKEN_EXHAUSTED: spec(401, false, 'The enrollment token has been used as many times as allowed.'),
  E_POLICY_INVALID: spec(400, false, 'The policy document does not match the policy schema.'),
  E_POLICY_UNSIGNED: spec(400, false, 'The policy is not signed.'),
  E_POLICY_SIGNATURE: spec(400, false, 'The policy signature does not verify against the trusted key.'),
  E_POLICY_KEY_UNKNOWN: spec(400, false, 'The policy was signed by a key this agent does not trust.'),
  E_POLICY_STALE: spec(409, false, 'The policy version is not newer than the one already applied.'),
  E_POLICY_SCOPE: spec(400, false, 'The policy scope does not include this device.'),
  E_EDM_TABLE_TOO_LARGE: spec(413, false, 'The exact-data-match table holds more values, or makes a larger index, than the collector accepts.'),
  E_EDM_TABLE_LIMIT: spec(409, false, 'The collector already holds as many exact-data-match tables as it allows.'),
  E_EDM_TABLE_CLASH: spec(409, false, 'A column of the exact-data-match table would share its detector id with a column of another table.'),
  E_EDM_TABLE_EMPTY: spec(400, false, 'A column of the exact-data-match table has no value of 3 to 256 characters once normalized.'),
  E_BAD_REQUEST: spec(400, false, 'The request is not valid.'),
  E_UNAUTHORIZED: spec(401, false, 'Authentication is required.'),
  E_FORBIDDEN: spec(403, false, 'Not allowed.'),
  E_NOT_FOUND: spec(404, false, 'Not found.'),
  E_RATE_LIMITED: spec(429, false, 'Too many requests.'),
} as const satisfies Record<string, ErrorSpec>;

export type WireErrorCode = keyof typeof WIRE_ERRORS;

export const WIRE_ERROR_CODES = Object.keys(WIRE_ERRORS) as [WireErrorCode, ...WireErrorCode[]];

/** WebSocket close codes used by the collector (4000-4999 is the application range). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  tooBig: 1009,
  authFailed: 4001,
  revoked: 4003,
  protocolViolation: 4008,
  superseded: 4009,
  flowViolation: 4029,
} as const;

/** An error with a wire code, usable as a typed result or thrown inside one component. */
export class SluiceError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'SluiceError';
    this.code = code;
    this.details = details;
  }
}

export function wireError(code: WireErrorCode, detail?: string, details?: Record<string, unknown>): SluiceError {
  const base = WIRE_ERRORS[code].message;
  return new SluiceError(code, detail ? `${base} ${detail}` : base, details);
}

export type Result<T, E = SluiceError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
