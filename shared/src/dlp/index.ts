// Public API of the DLP engine. Everything else under dlp/ is internal.
export type { DetectorDefinition, DetectorInfo, DetectorSamples, DigitAnchor, DlpFinding, DlpScanResult, DlpSignal, FindFn, MaskStyle, RawMatch, ScanState, ValidatorFn, ValidatorResult, ValueContext } from './types.js';
export { DLP_ERRORS, dlpError, type DlpErrorCode } from './errors.js';
export { BUILTIN_DETECTORS } from './catalog/index.js';
export { createDlpEngine, DEFAULT_MAX_FINDINGS, DEFAULT_MAX_INPUT_CHARS, DEFAULT_MIN_CONFIDENCE, type DetectorSelection, type DlpEngine, type DlpEngineOptions, type DlpScanOptions } from './engine.js';
export { compileDefinition, type RuntimeDetector } from './runtime.js';
export { redactText, type RedactionOptions, type RedactionResult, type RedactionStyle, type Replacement } from './redact.js';
export { maskValue, previewValue } from './mask.js';
export { resolveOverlaps } from './overlap.js';
export { createSaltedHasher, normalizeValue, MIN_SALT_BYTES, type SaltedHasher } from './hash.js';
export { NAMED_VALIDATORS, VALIDATOR_NAMES, type ValidatorName } from './validators/index.js';
export { KeywordAutomaton } from './keyword-automaton.js';
export { guessLanguage } from './source-code.js';
export { compileCustomDetector, compileCustomDetectors, compileUserPattern, CustomDetectorListSchema, CustomDetectorSchema, MAX_PATTERN_PROGRAM_SIZE, type CustomDetector, type CustomDetectorInput } from './custom.js';
export { importGitleaksToml, type GitleaksImport, type GitleaksImportOptions, type SkippedRule } from './gitleaks.js';
export { createEdmDetectors, createEdmIndex, EdmIndexSchema, EdmKindSchema, normalizeEdmValue, type EdmColumnInput, type EdmIndex, type EdmKind } from './edm.js';
export { createEvidence, DlpEvidenceItemSchema, DlpEvidenceSchema, type DlpEvidence, type DlpEvidenceItem, type EvidenceOptions } from './evidence.js';
