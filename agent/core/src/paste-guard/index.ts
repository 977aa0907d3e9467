export { createPasteGuard, PASTE_GUARD_COMPONENT, type AppliedAction, type JustifyResult, type PasteGuard, type PasteGuardOptions } from './paste-guard.js';
export { decidePaste, type PasteDecision } from './decide.js';
export { describeFindings, detectorName, pasteNotice, type NoticeInput } from './notice.js';
export { pathFromTitle } from './provenance.js';
export type { ClipboardContent, ClipboardSource, FocusSource, Notifier, UserNotice } from './sources.js';
