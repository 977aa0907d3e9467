import { SluiceError, type ErrorSpec } from '@sluice/shared';

/** Errors of the agent process itself; wire errors come from shared. */
export const AGENT_ERRORS = {
  E_CONFIG_INVALID: { status: 500, fatal: true, message: 'The agent configuration is not valid.' },
  E_CONFIG_FILE: { status: 500, fatal: true, message: 'The agent configuration file cannot be read.' },
  E_NOT_ENROLLED: { status: 500, fatal: true, message: 'This agent is not enrolled; run `sluice agent enroll` first.' },
  E_CREDENTIALS_FILE: { status: 500, fatal: true, message: 'The credentials file is damaged.' },
  E_ENROLL_FAILED: { status: 500, fatal: false, message: 'Enrollment failed.' },
  E_COLLECTOR_UNREACHABLE: { status: 503, fatal: false, message: 'The collector cannot be reached.' },
  E_CA_FILE: { status: 500, fatal: true, message: 'The pinned CA certificate cannot be read.' },
  E_OUTBOX: { status: 500, fatal: false, message: 'The outbox could not be written.' },
  E_AGENT_RUNNING: { status: 409, fatal: true, message: 'Another agent process is running with this data folder.' },
  E_DISCOVERY_NO_DISPLAY: { status: 503, fatal: false, message: 'There is no graphical session to read the foreground window from.' },
  E_DISCOVERY_SOURCE: { status: 500, fatal: false, message: 'A discovery source failed; the others keep running.' },
  E_DISCOVERY_HISTORY: { status: 500, fatal: false, message: 'A browser history file could not be read (locked, damaged or not SQLite).' },
  E_DISCOVERY_WATCH: { status: 500, fatal: false, message: 'A model or configuration folder could not be watched.' },
  E_DISCOVERY_STATE: { status: 500, fatal: false, message: 'The discovery state file is damaged; it was started afresh.' },
  E_DISCOVERY_EVENT: { status: 500, fatal: false, message: 'A discovery event did not fit its schema and was not recorded.' },
  E_PASTE_NO_DISPLAY: { status: 503, fatal: false, message: 'There is no graphical session whose clipboard could be guarded.' },
  E_PASTE_FOCUS_UNAVAILABLE: { status: 503, fatal: false, message: 'This desktop does not tell applications which window has focus.' },
  E_PASTE_TOOL_MISSING: { status: 503, fatal: false, message: 'A tool the paste guard needs is not installed.' },
  E_NOTHING_TO_JUSTIFY: { status: 409, fatal: false, message: 'No paste is waiting for a justification.' },
  E_JUSTIFICATION_EMPTY: { status: 400, fatal: false, message: 'A justification must say something.' },
  E_CONTROL_UNAVAILABLE: { status: 503, fatal: false, message: 'The agent is not running or does not answer on its control socket.' },
  E_CONTROL_REQUEST: { status: 400, fatal: false, message: 'The control request is not valid.' },
  E_EDM_DOWNLOAD: { status: 503, fatal: false, message: 'An exact-data-match index could not be downloaded; the agent retries, and scans without it meanwhile.' },
  E_EDM_DIGEST: { status: 400, fatal: false, message: 'An exact-data-match index does not have the SHA-256 digest its signed policy names; it was refused.' },
  E_EDM_TOO_LARGE: { status: 413, fatal: false, message: 'An exact-data-match index is larger than its signed policy says; it was refused.' },
  E_EDM_INVALID: { status: 400, fatal: false, message: 'An exact-data-match index is not a valid index, or its detectors collide with others; it was refused.' },
  E_EDM_CACHE: { status: 500, fatal: false, message: 'An exact-data-match index could not be cached on disk; it is used from memory until the agent restarts.' },
} as const satisfies Record<string, ErrorSpec>;

export type AgentErrorCode = keyof typeof AGENT_ERRORS;

export function agentError(code: AgentErrorCode, detail?: string): SluiceError {
  const base = AGENT_ERRORS[code].message;
  return new SluiceError(code, detail ? `${base} ${detail}` : base);
}
