import {
  classifyMatch,
  compileCustomDetectors,
  createDlpEngine,
  createEvidence,
  createFingerprinter,
  destinationClass,
  MAX_EVENT_TITLE_CHARS,
  MAX_JUSTIFICATION_CHARS,
  MAX_RAW_EVIDENCE_CHARS,
  type DlpEngine,
  type DlpFinding,
  type Fingerprinter,
  type FingerprintMatch,
  type RuntimeDetector,
} from '@sluice/shared';
import { createHash } from 'node:crypto';
import type { Capability, CapabilityContext } from '../capability.js';
import type { ActiveWindow } from '../discovery/sources.js';
import { agentError } from '../errors.js';
import { decidePaste, type PasteDecision } from './decide.js';
import { describeFindings, detectorName, pasteNotice } from './notice.js';
import { pathFromTitle } from './provenance.js';
import type { ClipboardContent, ClipboardSource, FocusSource, Notifier } from './sources.js';

export const PASTE_GUARD_COMPONENT = 'paste-guard';

/** AI kinds whose window is a place to paste into; IDEs and CLIs are not (pasting code there is work). */
const DESTINATION_KINDS = new Set(['web_app', 'desktop_app', 'ai_browser']);

export interface PasteGuardOptions {
  readonly clipboard: ClipboardSource;
  readonly focus: FocusSource;
  readonly notifier?: Notifier;
  /** Most bytes of clipboard content read; default 16 MiB. Larger content is described, not kept. */
  readonly maxReadBytes?: number;
  /** The DLP engine; built from the catalog when absent. */
  readonly engine?: DlpEngine;
  readonly fingerprinter?: Fingerprinter;
  /** How the user gives a reason, shown in `justify` notices. */
  readonly justifyHint?: string;
  /** Called after every action the guard applies (tests and the latency benchmark). */
  readonly onAction?: (action: AppliedAction) => void;
}

export interface AppliedAction {
  readonly trigger: 'clipboard_change' | 'focus_change';
  readonly action: string;
  readonly outcome: string;
  /** What the clipboard shows now: the original, the redacted text or nothing. */
  readonly showing: Showing;
  readonly latencyMs: number;
}

type Showing = 'original' | 'redacted' | 'cleared';

interface Destination {
  readonly key: string;
  readonly match: FingerprintMatch;
  readonly classification: ReturnType<typeof classifyMatch>;
  readonly title: string | undefined;
}

interface Clip {
  readonly seq: number;
  readonly content: ClipboardContent;
  readonly findings: readonly DlpFinding[];
  /** Redacted texts by the set of categories replaced (the policy redacts some categories, warns on others). */
  readonly redactions: Map<string, string>;
  readonly source: { app: string | null; title?: string; path?: string; aiApp: string | null };
  /** Destinations this content was already reported for (one event per content and destination). */
  readonly reported: Set<string>;
  /** The `paste.to_ai` event waiting for a justification, if any. */
  awaiting: { eventId: string; destination: Destination } | undefined;
  justified: boolean;
}

export interface JustifyResult {
  readonly pasteEventId: string;
  readonly destination: string;
}

export interface PasteGuard extends Capability {
  /** Allows the content held back for a reason; E_NOTHING_TO_JUSTIFY when nothing is waiting. */
  justify(reason: string, via: 'dialog' | 'cli'): Promise<JustifyResult>;
  /** The content waiting for a justification, described for a dialog (never the content). */
  pending(): { destination: string; found: string } | undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function boundedTitle(title: string | undefined): string | undefined {
  if (!title) return undefined;
  const t = title.slice(0, 4 * MAX_EVENT_TITLE_CHARS).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return t ? t.slice(0, MAX_EVENT_TITLE_CHARS) : undefined;
}

/**
 * The paste guard: watches the clipboard and the foreground window, judges clipboard text with the
 * DLP engine, and when sensitive content meets an AI destination applies the policy's action before
 * the paste can happen: it shows the AI window a redacted or empty clipboard and puts the original
 * back when focus leaves. Work is coalesced (only the latest clipboard and focus state matter), so a
 * burst of changes costs one evaluation.
 */
export function createPasteGuard(options: PasteGuardOptions): PasteGuard {
  const maxReadBytes = options.maxReadBytes ?? 16 * 1024 * 1024;
  // The engine follows the policy: its custom detectors and the detectors of the exact-data-match
  // indexes it names run next to the built-in catalog.
  let engine = options.engine ?? createDlpEngine();
  let engineKey = '[]|';
  let names = new Map(engine.detectors.map((d) => [d.id, detectorName(d, d.id)]));
  const nameOf = (id: string) => names.get(id) ?? id;
  function engineForPolicy(): DlpEngine {
    if (options.engine || !ctx) return engine;
    const custom = ctx.policy.current.document.dlp.customDetectors;
    const key = `${JSON.stringify(custom)}|${ctx.edm.key}`;
    if (key === engineKey) return engine;
    const compiled = compileCustomDetectors(custom);
    if (!compiled.ok) {
      // The policy state refuses such policies; keep the last engine if one slips through.
      ctx.log.warn({ code: compiled.error.code }, 'custom detectors of the policy do not compile');
      return engine;
    }
    engine = engineWith(compiled.value, ctx.edm.detectors());
    engine.warmUp();
    engineKey = key;
    names = new Map(engine.detectors.map((d) => [d.id, detectorName(d, d.id)]));
    return engine;
  }
  /** An engine with the exact-data-match detectors too, or without them if two of their ids clash. */
  function engineWith(custom: readonly RuntimeDetector[], edm: readonly RuntimeDetector[]): DlpEngine {
    if (edm.length === 0) return createDlpEngine({ custom });
    try {
      return createDlpEngine({ custom: [...custom, ...edm] });
    } catch (error) {
      ctx?.log.warn({ code: (error as { code?: string }).code }, 'exact-data-match detector ids clash; scanning without the indexes');
      return createDlpEngine({ custom });
    }
  }
  const fingerprinter = options.fingerprinter ?? createFingerprinter();
  const { clipboard, focus } = options;
  let ctx: CapabilityContext | undefined;
  let clip: Clip | undefined;
  let clipSeq = 0;
  let window: ActiveWindow | undefined;
  let destination: Destination | undefined;
  let showing: Showing = 'original';
  /**
   * Hashes of what the guard wrote recently. Its writes come back as change notifications, possibly
   * late and out of order under load (a read may see an earlier write of the guard's), so the last
   * few are remembered, not only the last one.
   */
  const ownWrites: string[] = [];
  const OWN_WRITES_KEPT = 4;
  const rememberWrite = (hash: string) => {
    ownWrites.push(hash);
    if (ownWrites.length > OWN_WRITES_KEPT) ownWrites.shift();
  };
  let stopped = false;
  // Coalescing scheduler: flags say what changed; one runner handles them in order.
  let clipboardChanged: number | undefined;
  let focusChanged: { at: number; window: ActiveWindow | undefined } | undefined;
  /** A new policy may bring other detectors: the content on the clipboard is judged again. */
  let policyChanged: number | undefined;
  let running: Promise<void> | undefined;

  function classify(w: ActiveWindow | undefined): Destination | undefined {
    if (!w || !ctx) return undefined;
    const match = fingerprinter.match({
      ...(w.title ? { title: w.title } : {}),
      ...(w.url ? { url: w.url } : {}),
      ...(w.ownerName ? { name: w.ownerName } : {}),
      ...(w.ownerPath ? { exe: w.ownerPath } : {}),
      ...(w.bundleId ? { bundleId: w.bundleId } : {}),
    });
    if (!match || !DESTINATION_KINDS.has(match.kind) || match.confidence === 'low') return undefined;
    const classification = classifyMatch(ctx.policy.current.document.ai, match);
    return { key: `${match.app ?? ''}|${match.domain ?? ''}`, match, classification, title: boundedTitle(w.title) };
  }

  function schedule(): void {
    if (running || stopped) return;
    running = (async () => {
      try {
        while (!stopped && (clipboardChanged !== undefined || focusChanged !== undefined || policyChanged !== undefined)) {
          if (policyChanged !== undefined) {
            const at = policyChanged;
            policyChanged = undefined;
            rescan();
            await reconcile('focus_change', at);
          }
          if (clipboardChanged !== undefined) {
            const at = clipboardChanged;
            clipboardChanged = undefined;
            await onClipboard(at);
          }
          if (focusChanged !== undefined) {
            const change = focusChanged;
            focusChanged = undefined;
            window = change.window;
            destination = classify(window);
            await reconcile('focus_change', change.at);
          }
        }
      } catch (error) {
        ctx?.log.error({ component: PASTE_GUARD_COMPONENT, err: (error as Error).message }, 'paste guard step failed');
      } finally {
        running = undefined;
        if (!stopped && (clipboardChanged !== undefined || focusChanged !== undefined || policyChanged !== undefined)) schedule();
      }
    })();
  }

  async function onClipboard(at: number): Promise<void> {
    let content: ClipboardContent;
    try {
      content = await clipboard.read(maxReadBytes);
    } catch (error) {
      // The owner vanished or refused: there is nothing to judge.
      ctx?.log.debug({ err: (error as Error).message }, 'clipboard read failed');
      return;
    }
    if (content.kind === 'text' && ownWrites.includes(sha256(content.text))) return;
    // An empty clipboard cannot be pasted; it is also what a read sees while one owner hands over to
    // the next. Nothing to judge, and no reason to forget the content the guard is holding.
    if (content.kind === 'empty') return;
    // New content from the user: whatever the guard was showing no longer matters.
    ownWrites.length = 0;
    showing = 'original';
    clipSeq += 1;
    let findings: readonly DlpFinding[] = [];
    if (content.kind === 'text' && content.text.length > 0) {
      findings = engineForPolicy().scan(content.text).findings;
    }
    const sourceTitle = boundedTitle(window?.title);
    const sourcePath = pathFromTitle(window?.title);
    const sourceMatch = window ? classify(window) : undefined;
    clip = {
      seq: clipSeq,
      content,
      findings,
      redactions: new Map(),
      source: {
        app: window?.ownerName?.slice(0, 256) ?? null,
        ...(sourceTitle ? { title: sourceTitle } : {}),
        ...(sourcePath ? { path: sourcePath } : {}),
        aiApp: sourceMatch?.match.app ?? null,
      },
      reported: new Set(),
      awaiting: undefined,
      justified: false,
    };
    await reconcile('clipboard_change', at);
  }

  /** Judges the content on the clipboard again with the engine of the current policy. */
  function rescan(): void {
    if (!clip || clip.content.kind !== 'text' || clip.content.text.length === 0) return;
    const findings = engineForPolicy().scan(clip.content.text).findings;
    const before = clip.findings.map((f) => `${f.detector}@${f.start}`).join(',');
    const after = findings.map((f) => `${f.detector}@${f.start}`).join(',');
    if (before === after) return;
    clip = { ...clip, findings, redactions: new Map(), reported: new Set() };
  }

  /** The text with the values of the categories the policy redacts replaced; undefined if none can be. */
  function redactedText(decision: PasteDecision): string | undefined {
    if (!clip || clip.content.kind !== 'text') return undefined;
    const categories = [...decision.byCategory].filter(([, action]) => action === 'redact').map(([c]) => c).sort();
    const key = categories.join(',');
    let text = clip.redactions.get(key);
    if (text === undefined) {
      const values = clip.findings.filter((f) => !f.region && categories.includes(f.category));
      if (values.length === 0) return undefined;
      text = engine.redact(clip.content.text, values).text;
      clip.redactions.set(key, text);
    }
    return text;
  }

  /** What the clipboard should show for the current content and focus, and the decision behind it. */
  function desired(): { showing: Showing; decision?: PasteDecision; redacted?: string } {
    if (!clip || !destination || !ctx) return { showing: 'original' };
    const isText = clip.content.kind === 'text';
    if (isText && clip.findings.length === 0) return { showing: 'original' };
    const decision = decidePaste(clip.findings, destinationClass(destination.classification), ctx.policy.current);
    if (decision.mode === 'monitor' || clip.justified) return { showing: 'original', decision };
    switch (decision.action) {
      case 'redact': {
        // A region (pasted source code) cannot be masked value by value: it is held back instead.
        const redacted = redactedText(decision);
        return redacted === undefined ? { showing: 'cleared', decision } : { showing: 'redacted', decision, redacted };
      }
      case 'block':
      case 'justify':
        return { showing: 'cleared', decision };
      default:
        return { showing: 'original', decision };
    }
  }

  async function show(target: Showing, redacted?: string): Promise<boolean> {
    if (!clip) return true;
    const text = target === 'redacted' ? redacted : target === 'original' && clip.content.kind === 'text' ? clip.content.text : undefined;
    // Same state, and for a redaction the same text (a new policy may redact other categories).
    if (target === showing && (target !== 'redacted' || (text !== undefined && sha256(text) === ownWrites[ownWrites.length - 1]))) return true;
    try {
      if (target === 'cleared') {
        await clipboard.clear();
      } else {
        // Non-text originals cannot be put back by the guard; they are left alone instead.
        if (text === undefined) return false;
        rememberWrite(sha256(text));
        await clipboard.writeText(text);
      }
      showing = target;
      return true;
    } catch (error) {
      ctx?.log.warn({ err: (error as Error).message, target }, 'could not change the clipboard');
      return false;
    }
  }

  async function reconcile(trigger: 'clipboard_change' | 'focus_change', at: number): Promise<void> {
    if (!ctx || !clip) return;
    const want = desired();
    // Non-text content the guard cannot restore is never removed.
    const target = clip.content.kind !== 'text' && want.showing !== 'original' ? 'original' : want.showing;
    const changed = await show(target, want.redacted);
    const latencyMs = Math.max(0, Math.round(performance.now() - at));
    if (!destination || !want.decision) return;
    const decision = want.decision;
    let outcome: 'applied' | 'monitored' | 'awaiting_justification' | 'failed' = decision.mode === 'monitor' ? 'monitored' : changed ? 'applied' : 'failed';
    if (decision.mode === 'enforce' && decision.action === 'justify' && !clip.justified) outcome = changed ? 'awaiting_justification' : 'failed';
    options.onAction?.({ trigger, action: decision.action, outcome, showing, latencyMs });
    if (clip.reported.has(destination.key)) return;
    clip.reported.add(destination.key);
    const found = describeFindings(clip.findings, nameOf);
    const event = recordPaste(trigger, decision, outcome, latencyMs);
    if (outcome === 'awaiting_justification' && event) clip.awaiting = { eventId: event, destination };
    if (decision.mode === 'enforce' && clip.content.kind === 'text') {
      const notice = pasteNotice({
        action: decision.action,
        found,
        destination: destination.match.name,
        policyName: ctx.policy.current.document.name,
        ...(options.justifyHint ? { justifyHint: options.justifyHint } : {}),
      });
      if (notice && options.notifier) {
        options.notifier.notify(notice).catch((error: Error) => ctx?.log.warn({ err: error.message }, 'could not notify the user'));
      }
    }
  }

  function recordPaste(trigger: 'clipboard_change' | 'focus_change', decision: PasteDecision, outcome: string, latencyMs: number): string | undefined {
    if (!ctx || !clip || !destination) return undefined;
    const document = ctx.policy.current.document;
    const text = clip.content.kind === 'text' ? clip.content.text : '';
    const raw =
      document.dlp.evidence === 'raw' && text
        ? clip.findings
            .filter((f) => !f.region)
            .map((f) => text.slice(f.start, f.end))
            .join('\n')
            .slice(0, MAX_RAW_EVIDENCE_CHARS)
        : undefined;
    const content = clip.content;
    const event = ctx.record('paste.to_ai', {
      trigger,
      source: clip.source,
      destination: destinationPayload(destination),
      content: {
        kind: content.kind === 'empty' ? 'other' : content.kind,
        ...(content.kind === 'image' || content.kind === 'files' || content.kind === 'other' ? { mime: content.mime.slice(0, 256) } : {}),
        bytes: content.kind === 'empty' ? 0 : content.bytes,
        chars: text.length,
        truncated: content.kind === 'text' ? content.truncated : false,
      },
      findings: createEvidence(text, clip.findings, { salt: ctx.evidenceSalt }),
      categories: [...decision.categories],
      action: decision.action,
      outcome: outcome as 'applied',
      mode: decision.mode,
      policy: { id: document.id, version: ctx.policy.current.version },
      latencyMs,
      ...(raw ? { raw } : {}),
    });
    return event.id;
  }

  function destinationPayload(d: Destination) {
    return {
      app: d.match.app,
      name: d.match.name.slice(0, 256),
      kind: d.match.kind,
      ...(d.match.domain ? { domain: d.match.domain } : {}),
      classification: d.classification,
      destinationClass: destinationClass(d.classification),
      ...(d.title ? { title: d.title } : {}),
    };
  }

  const guard: PasteGuard = {
    name: PASTE_GUARD_COMPONENT,
    async start(context) {
      ctx = context;
      context.registerControl('justify', (request) =>
        guard.justify(typeof request.reason === 'string' ? request.reason : '', request.via === 'dialog' ? 'dialog' : 'cli'),
      );
      context.registerControl('paste-pending', () => guard.pending() ?? null);
      for (const source of [clipboard, focus]) {
        const availability = await source.check();
        if (!availability.available) {
          context.reportUnavailable(PASTE_GUARD_COMPONENT, availability.code, availability.reason);
          stopped = true;
          return;
        }
      }
      // Compile the detectors now, not on the first paste (a cold first scan costs 0.1-0.2 s).
      engineForPolicy().warmUp();
      window = await focus.current().catch(() => undefined);
      destination = classify(window);
      await focus.watch((w) => {
        focusChanged = { at: performance.now(), window: w };
        schedule();
      });
      await clipboard.watch(() => {
        clipboardChanged ??= performance.now();
        schedule();
      });
      // A policy change can turn an allowed paste into a blocked one (or back) without any other
      // change; so can an exact-data-match index that finishes downloading.
      const judgeAgain = () => {
        policyChanged ??= performance.now();
        schedule();
      };
      context.policy.onChange(judgeAgain);
      context.edm.onChange(judgeAgain);
    },
    async stop() {
      stopped = true;
      await running;
      // Never leave the user with a redacted or empty clipboard.
      if (showing !== 'original') await show('original');
      await clipboard.close();
      await focus.close();
    },
    async justify(reason, via) {
      const text = reason.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_JUSTIFICATION_CHARS);
      if (!text) throw agentError('E_JUSTIFICATION_EMPTY');
      const waiting = clip?.awaiting;
      if (!clip || !waiting || !ctx) throw agentError('E_NOTHING_TO_JUSTIFY');
      clip.justified = true;
      clip.awaiting = undefined;
      ctx.record('paste.justified', {
        pasteEventId: waiting.eventId,
        reason: text,
        destination: destinationPayload(waiting.destination),
        detectors: [...new Set(clip.findings.map((f) => f.detector))].slice(0, 64),
        via,
      });
      focusChanged ??= { at: performance.now(), window };
      schedule();
      await running;
      return { pasteEventId: waiting.eventId, destination: waiting.destination.match.name };
    },
    pending() {
      const waiting = clip?.awaiting;
      if (!clip || !waiting) return undefined;
      return { destination: waiting.destination.match.name, found: describeFindings(clip.findings, nameOf) };
    },
  };
  return guard;
}
