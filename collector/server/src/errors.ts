import { WIRE_ERRORS, SluiceError, type ErrorSpec } from '@sluice/shared';

/** Errors of the collector process itself (configuration, start-up); wire errors live in shared. */
export const COLLECTOR_ERRORS = {
  E_CONFIG_INVALID: { status: 500, fatal: true, message: 'The collector configuration is not valid.' },
  E_CONFIG_FILE: { status: 500, fatal: true, message: 'The collector configuration file cannot be read.' },
  E_KEY_FILE: { status: 500, fatal: true, message: 'The policy signing key cannot be read or created.' },
  E_TLS_FILES: { status: 500, fatal: true, message: 'The TLS certificate or key cannot be read.' },
  E_STORAGE_SCHEMA_TOO_NEW: { status: 500, fatal: true, message: 'The database was written by a newer collector.' },
} as const satisfies Record<string, ErrorSpec>;

export type CollectorErrorCode = keyof typeof COLLECTOR_ERRORS;

export function collectorError(code: CollectorErrorCode, detail?: string): SluiceError {
  const base = COLLECTOR_ERRORS[code].message;
  return new SluiceError(code, detail ? `${base} ${detail}` : base);
}

/** HTTP status for any coded error the collector may raise. */
export function statusOf(code: string): number {
  const spec = (WIRE_ERRORS as Record<string, ErrorSpec>)[code] ?? (COLLECTOR_ERRORS as Record<string, ErrorSpec>)[code];
  return spec?.status ?? 500;
}
