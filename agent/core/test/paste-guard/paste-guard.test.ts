import { describe, expect, it } from 'vitest';
import { createEdmDetectors, createEdmIndex, type RuntimeDetector } from '@sluice/shared';
import { createPasteGuard } from '../../src/index.js';
import { CHATGPT, CLAUDE_WEB, EDITOR, MemoryClipboard, MemoryFocus, MemoryNotifier, settle, testContext } from './fakes.js';

const AWS_ID = 'AKIAQ3EGUHLO7KXPZW2M';
const AWS_SECRET = 'q8Ld2Nw5Vb1Hx7Rt0Yz3Kp6Mc9Jf4Gs2Ah8Ue5W';
const CARD = '4111 1111 1111 1111';
const SECRET_TEXT = `deploy:\n  aws_access_key_id = ${AWS_ID}\n  aws_secret_access_key = ${AWS_SECRET}\ncard on file: ${CARD}\n`;

function setup(policy?: Parameters<typeof testContext>[0]) {
  const clipboard = new MemoryClipboard();
  const focus = new MemoryFocus();
  const notifier = new MemoryNotifier();
  const actions: { action: string; outcome: string; showing: string; trigger: string }[] = [];
  const test = testContext(policy);
  const guard = createPasteGuard({
    clipboard,
    focus,
    notifier,
    justifyHint: 'sluice agent justify --reason "…"',
    onAction: (a) => actions.push(a),
  });
  return { clipboard, focus, notifier, guard, actions, ...test };
}

describe('paste guard with the recommended default policy', () => {
  it('redacts credentials while an AI site has focus and restores the original when focus leaves', async () => {
    const { clipboard, focus, notifier, guard, events, ctx } = setup();
    focus.window = EDITOR;
    await guard.start(ctx);
    clipboard.copy(SECRET_TEXT);
    await settle();
    expect(clipboard.text).toBe(SECRET_TEXT);
    expect(events).toHaveLength(0);

    focus.focus(CHATGPT);
    await settle();
    const redacted = clipboard.text!;
    expect(redacted).not.toContain(AWS_ID);
    expect(redacted).not.toContain(AWS_SECRET);
    expect(redacted).toContain('[REDACTED:');
    // Personal and financial data is only warned about: the card stays.
    expect(redacted).toContain(CARD);

    const [event] = events;
    expect(event?.type).toBe('paste.to_ai');
    const p = event!.payload as any;
    expect(p).toMatchObject({
      trigger: 'focus_change',
      action: 'redact',
      outcome: 'applied',
      mode: 'enforce',
      destination: { app: 'chatgpt', classification: 'unknown', destinationClass: 'unknown_ai' },
      source: { app: 'code', path: 'infra/deploy.env' },
      policy: { id: 'default', version: null },
    });
    const detectors = p.findings.items.map((i: { detector: string }) => i.detector);
    expect(detectors).toEqual(expect.arrayContaining(['aws-access-key-id']));
    expect(p.categories).toEqual(expect.arrayContaining(['credential', 'financial']));
    // Nothing of the values leaves: previews are masked, hashes are salted.
    const serialized = JSON.stringify(event);
    expect(serialized).not.toContain(AWS_ID);
    expect(serialized).not.toContain(AWS_SECRET);
    expect(serialized).not.toContain('4111 1111 1111 1111');
    expect(p.raw).toBeUndefined();
    expect(notifier.notices[0]?.title).toContain('ChatGPT');
    expect(notifier.notices[0]?.body).toMatch(/AWS access key/i);
    expect(notifier.notices[0]?.body).toContain('Recommended default');

    focus.focus(EDITOR);
    await settle();
    expect(clipboard.text).toBe(SECRET_TEXT);
    focus.focus(CHATGPT);
    await settle();
    expect(clipboard.text).toBe(redacted);
    // One event per content and destination, however often focus comes back.
    expect(events).toHaveLength(1);
    await guard.stop();
    expect(clipboard.text).toBe(SECRET_TEXT);
  });

  it('acts on a copy made while the AI destination already has focus', async () => {
    const { clipboard, focus, guard, events, ctx, actions } = setup();
    focus.window = CLAUDE_WEB;
    await guard.start(ctx);
    clipboard.copy(`token ${AWS_ID}`);
    await settle();
    expect(clipboard.text).not.toContain(AWS_ID);
    expect((events[0]!.payload as any).trigger).toBe('clipboard_change');
    expect(actions[0]).toMatchObject({ trigger: 'clipboard_change', showing: 'redacted' });
    // The guard's own write is not mistaken for a new copy.
    await settle(20);
    expect(events).toHaveLength(1);
  });

  it('warns about personal data without touching the clipboard, and ignores text with nothing sensitive', async () => {
    const { clipboard, focus, notifier, guard, events, ctx } = setup();
    focus.window = CHATGPT;
    await guard.start(ctx);
    clipboard.copy('Lunch at noon? The usual place.');
    await settle();
    expect(events).toHaveLength(0);
    clipboard.copy(`card ${CARD}`);
    await settle();
    expect(clipboard.text).toBe(`card ${CARD}`);
    expect(events[0]!.payload).toMatchObject({ action: 'warn', outcome: 'applied' });
    expect(notifier.notices[0]?.urgency).toBe('normal');
    expect(clipboard.writes).toBe(0);
  });

  it('leaves the clipboard alone when no AI destination has focus', async () => {
    const { clipboard, focus, guard, events, ctx } = setup();
    focus.window = EDITOR;
    await guard.start(ctx);
    clipboard.copy(SECRET_TEXT);
    focus.focus({ title: 'Terminal', ownerName: 'xterm' });
    await settle();
    expect(events).toHaveLength(0);
    expect(clipboard.writes).toBe(0);
  });
});

describe('paste guard actions by policy', () => {
  const rules = (action: string) => ({ dlp: { rules: [{ category: 'credential', destination: '*', action }], defaultAction: 'allow', evidence: 'masked' } }) as any;

  it('block: empties the clipboard while the AI has focus, restores after', async () => {
    const { clipboard, focus, notifier, guard, events, ctx } = setup(rules('block'));
    focus.window = EDITOR;
    await guard.start(ctx);
    clipboard.copy(SECRET_TEXT);
    focus.focus(CHATGPT);
    await settle();
    expect(clipboard.content.kind).toBe('empty');
    expect(events[0]!.payload).toMatchObject({ action: 'block', outcome: 'applied', policy: { version: 2 } });
    expect(notifier.notices[0]?.title).toContain('blocked');
    focus.focus(EDITOR);
    await settle();
    expect(clipboard.text).toBe(SECRET_TEXT);
  });

  it('justify: holds the paste back until a reason is given, then allows it and records the reason', async () => {
    const { clipboard, focus, notifier, guard, events, ctx, controls } = setup(rules('justify'));
    focus.window = EDITOR;
    await guard.start(ctx);
    await expect(guard.justify('too early', 'cli')).rejects.toMatchObject({ code: 'E_NOTHING_TO_JUSTIFY' });
    clipboard.copy(SECRET_TEXT);
    focus.focus(CHATGPT);
    await settle();
    expect(clipboard.content.kind).toBe('empty');
    expect(events[0]!.payload).toMatchObject({ action: 'justify', outcome: 'awaiting_justification' });
    expect(notifier.notices[0]?.body).toContain('sluice agent justify');
    expect(guard.pending()).toMatchObject({ destination: 'ChatGPT' });
    await expect(guard.justify('   ', 'cli')).rejects.toMatchObject({ code: 'E_JUSTIFICATION_EMPTY' });

    const result = await controls.get('justify')!({ type: 'justify', reason: 'Rotating this key with the AWS support bot', via: 'cli' });
    expect(result).toMatchObject({ pasteEventId: events[0]!.id, destination: 'ChatGPT' });
    await settle();
    expect(clipboard.text).toBe(SECRET_TEXT);
    expect(events[1]).toMatchObject({
      type: 'paste.justified',
      payload: { pasteEventId: events[0]!.id, reason: 'Rotating this key with the AWS support bot', via: 'cli' },
    });
    expect(guard.pending()).toBeUndefined();
    // Justified content stays allowed when focus comes back.
    focus.focus(EDITOR);
    focus.focus(CHATGPT);
    await settle();
    expect(clipboard.text).toBe(SECRET_TEXT);
  });

  it('allow: records the paste, changes nothing, says nothing', async () => {
    const { clipboard, focus, notifier, guard, events, ctx } = setup(rules('allow'));
    focus.window = CHATGPT;
    await guard.start(ctx);
    clipboard.copy(`key ${AWS_ID}`);
    await settle();
    expect(clipboard.writes).toBe(0);
    expect(events[0]!.payload).toMatchObject({ action: 'allow', outcome: 'applied' });
    expect(notifier.notices).toHaveLength(0);
  });

  it('monitor mode records what would have happened and changes nothing', async () => {
    const { clipboard, focus, notifier, guard, events, ctx } = setup({ ...rules('block'), mode: 'monitor' });
    focus.window = CHATGPT;
    await guard.start(ctx);
    clipboard.copy(SECRET_TEXT);
    await settle();
    expect(clipboard.text).toBe(SECRET_TEXT);
    expect(clipboard.writes).toBe(0);
    expect(events[0]!.payload).toMatchObject({ action: 'block', outcome: 'monitored', mode: 'monitor' });
    expect(notifier.notices).toHaveLength(0);
  });

  it('a sanctioned AI destination can be allowed while unsanctioned ones are blocked', async () => {
    const policy = {
      ai: { sanctionedApps: ['chatgpt'], unsanctionedApps: [], sanctionedDomains: [], unsanctionedDomains: [] },
      dlp: {
        rules: [
          { category: 'credential', destination: 'sanctioned_ai', action: 'allow' },
          { category: 'credential', destination: '*', action: 'block' },
        ],
        defaultAction: 'allow',
        evidence: 'masked',
      },
    } as any;
    const { clipboard, focus, guard, events, ctx } = setup(policy);
    focus.window = EDITOR;
    await guard.start(ctx);
    clipboard.copy(SECRET_TEXT);
    focus.focus(CHATGPT);
    await settle();
    expect(clipboard.text).toBe(SECRET_TEXT);
    expect(events[0]!.payload).toMatchObject({ action: 'allow', destination: { classification: 'sanctioned', destinationClass: 'sanctioned_ai' } });
    focus.focus(CLAUDE_WEB);
    await settle();
    expect(clipboard.content.kind).toBe('empty');
    expect(events[1]!.payload).toMatchObject({ action: 'block', destination: { destinationClass: 'unknown_ai' } });
  });

  it('raw evidence travels only when the policy asks for it', async () => {
    const { clipboard, focus, guard, events, ctx } = setup({ ...rules('redact'), dlp: { ...rules('redact').dlp, evidence: 'raw' } });
    focus.window = CHATGPT;
    await guard.start(ctx);
    clipboard.copy(`key ${AWS_ID}`);
    await settle();
    expect((events[0]!.payload as any).raw).toContain(AWS_ID);
  });

  it('re-evaluates when a new policy arrives while the content is on the clipboard', async () => {
    const { clipboard, focus, guard, ctx, apply } = setup(rules('allow'));
    focus.window = CHATGPT;
    await guard.start(ctx);
    clipboard.copy(SECRET_TEXT);
    await settle();
    expect(clipboard.text).toBe(SECRET_TEXT);
    apply(rules('block'), 3);
    await settle();
    expect(clipboard.content.kind).toBe('empty');
  });
});

describe('custom detectors from policy', () => {
  const nightingale = {
    dlp: {
      rules: [{ category: 'confidential', destination: '*', action: 'block' }],
      defaultAction: 'allow',
      evidence: 'masked',
      customDetectors: [{ id: 'project-nightingale', category: 'confidential', entity: 'PROJECT_CODENAME', keywords: ['Project Nightingale'], ignoreCase: true }],
    },
  } as any;

  it('blocks content that only the organization\'s own detector recognises', async () => {
    const { clipboard, focus, guard, events, ctx } = setup(nightingale);
    focus.window = CHATGPT;
    await guard.start(ctx);
    clipboard.copy('Status of project nightingale: launch moved to May.');
    await settle();
    expect(clipboard.content.kind).toBe('empty');
    expect((events[0]!.payload as any).findings.items.map((i: { detector: string }) => i.detector)).toEqual(['project-nightingale']);
  });

  it('judges the clipboard again when a policy brings new detectors', async () => {
    const { clipboard, focus, guard, ctx, apply } = setup();
    focus.window = CHATGPT;
    await guard.start(ctx);
    clipboard.copy('Status of Project Nightingale: launch moved to May.');
    await settle();
    expect(clipboard.text).toContain('Nightingale');
    apply(nightingale, 3);
    await settle();
    expect(clipboard.content.kind).toBe('empty');
  });
});

describe('exact-data-match detectors', () => {
  const CUSTOMER = 'ingrid.vasquez-7781@client-mail.example';
  const blockCustom = {
    dlp: { rules: [{ category: 'custom', destination: '*', action: 'block' }], defaultAction: 'allow', evidence: 'masked', customDetectors: [] },
  } as any;

  function tableDetectors(): RuntimeDetector[] {
    const index = createEdmIndex([{ name: 'customers-email', kind: 'email', values: [CUSTOMER] }], 'ab'.repeat(32));
    if (!index.ok) throw index.error;
    const detectors = createEdmDetectors(index.value);
    if (!detectors.ok) throw detectors.error;
    return detectors.value;
  }

  it('blocks a value of the table once its index is loaded, judging the clipboard again', async () => {
    const { clipboard, focus, guard, events, ctx, edm } = setup(blockCustom);
    focus.window = CHATGPT;
    await guard.start(ctx);
    clipboard.copy(`Can you draft a reply to ${CUSTOMER} about the late refund?`);
    await settle();
    // The index is not there yet: nothing recognises the address as a customer's.
    expect(clipboard.text).toContain(CUSTOMER);
    edm.set(tableDetectors());
    await settle();
    expect(clipboard.content.kind).toBe('empty');
    const last = events[events.length - 1]!.payload as any;
    expect(last).toMatchObject({ action: 'block', categories: ['custom'] });
    expect(last.findings.items.map((i: { detector: string }) => i.detector)).toEqual(['edm-customers-email']);
    expect(JSON.stringify(events)).not.toContain(CUSTOMER);
    await guard.stop();
    expect(clipboard.text).toContain(CUSTOMER);
  });

  it('keeps guarding with its other detectors when two indexes give the same detector id', async () => {
    // The collector refuses such tables; an agent holding both (an older collector) still guards.
    const withWord = { ...blockCustom, dlp: { ...blockCustom.dlp, customDetectors: [{ id: 'bluebird', category: 'custom', keywords: ['Bluebird'] }] } };
    const { clipboard, focus, guard, ctx, edm } = setup(withWord);
    edm.set([...tableDetectors(), ...tableDetectors()]);
    focus.window = CHATGPT;
    await guard.start(ctx);
    // The engine runs without the indexes: the customer's address alone is nothing custom...
    clipboard.copy(`Reply to ${CUSTOMER}`);
    await settle();
    expect(clipboard.text).toBe(`Reply to ${CUSTOMER}`);
    // ...and the policy's own detector still works.
    clipboard.copy('Bluebird launch notes');
    await settle();
    expect(clipboard.content.kind).toBe('empty');
  });
});

describe('paste guard under hostile input', () => {
  it('records type and size only for images, and never removes what it cannot restore', async () => {
    const { clipboard, focus, guard, events, ctx } = setup();
    focus.window = CHATGPT;
    await guard.start(ctx);
    clipboard.set({ kind: 'image', mime: 'image/png', bytes: 123_456 });
    await settle();
    expect(clipboard.writes).toBe(0);
    expect(events[0]!.payload).toMatchObject({ action: 'allow', content: { kind: 'image', mime: 'image/png', bytes: 123_456, chars: 0 } });
  });

  it('handles 10 MB of text within its read and scan bounds', async () => {
    const { clipboard, focus, guard, events, ctx } = setup();
    focus.window = CHATGPT;
    await guard.start(ctx);
    const big = `${'lorem ipsum '.repeat(900_000)}${AWS_ID}`;
    clipboard.copy(big);
    await settle(2_000);
    // Only the first bytes are read: the key at the very end is beyond the bound, so nothing is done.
    expect(events).toHaveLength(0);
    clipboard.copy(`${AWS_ID} ${'lorem ipsum '.repeat(900_000)}`);
    await settle(2_000);
    expect(events[0]!.payload).toMatchObject({ action: 'redact', content: { truncated: false } });
  });

  it('coalesces a burst of 50 focus changes into bounded work and ends in the right state', async () => {
    const { clipboard, focus, guard, events, ctx, actions } = setup();
    focus.window = EDITOR;
    await guard.start(ctx);
    clipboard.copy(SECRET_TEXT);
    await settle();
    for (let i = 0; i < 50; i++) focus.focus(i % 2 ? EDITOR : CHATGPT);
    focus.focus(CHATGPT);
    await settle(50);
    expect(clipboard.text).not.toContain(AWS_ID);
    expect(actions.length).toBeLessThan(10);
    expect(events).toHaveLength(1);
    focus.focus(EDITOR);
    await settle();
    expect(clipboard.text).toBe(SECRET_TEXT);
  });

  it('reports itself unavailable when the desktop cannot be read', async () => {
    const { clipboard, focus, guard, ctx, unavailable } = setup();
    clipboard.check = async () => ({ available: false, code: 'E_NO_DISPLAY', reason: 'No X display (DISPLAY is not set).' }) as any;
    await guard.start(ctx);
    expect(unavailable).toEqual(['paste-guard:E_NO_DISPLAY']);
    focus.focus(CHATGPT);
    clipboard.copy(SECRET_TEXT);
    await settle();
    expect(clipboard.writes).toBe(0);
  });
});
