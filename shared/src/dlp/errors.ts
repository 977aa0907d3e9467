import { SluiceError } from '../errors.js';

/**
 * Error codes of the DLP engine. They reach users through policy validation (a custom detector
 * that does not compile) and the CLI, so codes are stable and messages never contain scanned text.
 */
export const DLP_ERRORS = {
  E_DLP_DETECTOR_INVALID: 'The detector definition does not match the detector schema.',
  E_DLP_DUPLICATE_ID: 'Two detectors share one id.',
  E_DLP_PATTERN_INVALID: 'The pattern is not a valid RE2 regular expression.',
  E_DLP_PATTERN_UNSUPPORTED: 'The pattern uses a feature that cannot run in linear time (backreferences, lookaround).',
  E_DLP_PATTERN_TOO_COMPLEX: 'The pattern compiles to a program larger than the engine allows.',
  E_DLP_UNKNOWN_VALIDATOR: 'The validator is not one of the named validators.',
  E_DLP_GITLEAKS_TOML: 'The gitleaks configuration is not valid TOML.',
  E_DLP_GITLEAKS_RULE: 'A gitleaks rule could not be imported.',
  E_DLP_EDM_INVALID: 'The exact-data-match index does not match its schema.',
  E_DLP_SALT_REQUIRED: 'A salt of at least 16 bytes is required to hash values.',
  E_DLP_OPTIONS_INVALID: 'The DLP engine options are not valid.',
  E_DLP_INPUT_INVALID: 'The input record is not valid.',
  E_DLP_INPUT_TOO_LARGE: 'The input record is larger than the limit.',
} as const;

export type DlpErrorCode = keyof typeof DLP_ERRORS;

export function dlpError(code: DlpErrorCode, detail?: string, details?: Record<string, unknown>): SluiceError {
  const base = DLP_ERRORS[code];
  return new SluiceError(code, detail ? `${base} ${detail}` : base, details);
}
