import { describe, expect, it } from 'vitest';
import { PASTE_GUARD_COMPONENT, pasteNotice } from '@sluice/agent-core';
import { BUILTIN_DETECTORS, DEFAULT_POLICY_INPUT, PolicyInputSchema } from '@sluice/shared';
import { AboutViewSchema, StatusViewSchema } from '../src/common/ipc.js';
import { aboutMonitoring } from '../src/main/about.js';
import { ago, DESKTOP_JUSTIFY_HINT, notificationOptions, statusView, trayText } from '../src/main/texts.js';
import { trayIconBitmap, trayTone } from '../src/main/tray-icon.js';
import { statusReport } from './fixtures.js';

const report = statusReport;

describe('notifications', () => {
  it("say what was found, what was done, the policy and how to justify, in the shell's words", () => {
    const notice = pasteNotice({ action: 'justify', found: 'an AWS access key id', destination: 'ChatGPT', policyName: 'Engineering', justifyHint: DESKTOP_JUSTIFY_HINT });
    const options = notificationOptions(notice!);
    expect(options.title).toBe('Reason needed to paste into ChatGPT');
    expect(options.body).toContain('an AWS access key id');
    expect(options.body).toContain('Policy: Engineering.');
    expect(options.body).toContain('click this notification');
    expect(options).toMatchObject({ urgency: 'critical', timeoutType: 'never', silent: false });
  });

  it('keep hostile titles on one bounded line', () => {
    const options = notificationOptions({ title: `a\nb\u0000c\u202e${'x'.repeat(500)}`, body: 'line\r\nbreak', urgency: 'normal' });
    expect(options.title).not.toMatch(/[\u0000-\u001f]/);
    expect(options.title.length).toBeLessThanOrEqual(120);
    expect(options.title.endsWith('…')).toBe(true);
    expect(options.body).toBe('line break');
    expect(options.timeoutType).toBe('default');
  });
});

describe('status and tray', () => {
  it('builds the status view from the in-process report, with the policy name and an unavailable paste guard', () => {
    const view = statusView({
      report: report({ unavailable: [{ component: PASTE_GUARD_COMPONENT, code: 'E_PASTE_FOCUS_UNAVAILABLE', reason: 'Wayland does not tell.' }] }),
      agent: 'running',
      policyName: 'Engineering',
      lastAction: { at: 5, summary: 'Redacted before pasting into ChatGPT' },
      pending: false,
      pasteGuardComponent: PASTE_GUARD_COMPONENT,
      pasteGuardStarted: true,
    });
    expect(StatusViewSchema.parse(view)).toEqual({
      agent: 'running',
      connection: 'connected',
      policy: { name: 'Engineering', version: 7, mode: 'enforce' },
      pasteGuard: { state: 'unavailable', reason: 'Wayland does not tell.' },
      lastAction: { at: 5, summary: 'Redacted before pasting into ChatGPT' },
      pending: false,
    });
  });

  it('says plainly when the agent is not set up, and falls back to the policy id for an agent service', () => {
    const notEnrolled = statusView({ report: undefined, agent: 'not_enrolled', message: 'This agent is not enrolled.', lastAction: null, pending: false, pasteGuardComponent: PASTE_GUARD_COMPONENT, pasteGuardStarted: false });
    expect(notEnrolled).toMatchObject({ connection: 'unknown', policy: null, pasteGuard: { state: 'unknown' } });
    expect(trayText(notEnrolled, 0).lines[0]).toBe('Sluice is not set up on this device yet');
    const service = statusView({ report: report({ connection: { ...report().connection, state: 'backoff' } }), agent: 'external', lastAction: null, pending: true, pasteGuardComponent: PASTE_GUARD_COMPONENT, pasteGuardStarted: false });
    expect(service).toMatchObject({ connection: 'offline', policy: { name: 'engineering' }, pasteGuard: { state: 'on' }, pending: true });
  });

  it('writes the tray lines: connection, policy, paste guard, last action, a waiting paste', () => {
    const now = 10 * 60_000;
    const text = trayText(
      {
        agent: 'running',
        connection: 'connected',
        policy: { name: 'Recommended default', version: null, mode: 'monitor' },
        pasteGuard: { state: 'on' },
        lastAction: { at: now - 120_000, summary: 'Redacted before pasting into ChatGPT' },
        pending: true,
      },
      now,
    );
    expect(text.lines).toEqual([
      'Connected to your organization',
      'Policy: Recommended default (built-in, monitor only)',
      'Paste guard: on',
      'Last: Redacted before pasting into ChatGPT, 2 min ago',
      'A paste is waiting for your reason',
    ]);
    expect(text.canJustify).toBe(true);
    expect(text.tooltip).toBe('Sluice — Connected to your organization — Policy: Recommended default (built-in, monitor only)');
    expect([ago(0, 30_000), ago(0, 7_200_000), ago(0, 3 * 86_400_000)]).toEqual(['just now', '2 h ago', '3 d ago']);
  });

  it('draws a 16×16 ring whose colour follows the state', () => {
    const ok = trayIconBitmap('ok');
    expect(ok.length).toBe(16 * 16 * 4);
    expect(ok.readUInt8(3)).toBe(0); // corner: transparent
    const edge = (8 * 16 + 1) * 4;
    expect([ok[edge], ok[edge + 1], ok[edge + 2], ok[edge + 3]]).toEqual([67, 160, 46, 255]);
    const base = { agent: 'running', connection: 'connected', policy: null, pasteGuard: { state: 'on' }, lastAction: null, pending: false } as const;
    expect(trayTone(base)).toBe('ok');
    expect(trayTone({ ...base, pending: true })).toBe('attention');
    expect(trayTone({ ...base, agent: 'not_enrolled' })).toBe('off');
  });
});

describe('"about this device\'s monitoring"', () => {
  const policy = PolicyInputSchema.parse(DEFAULT_POLICY_INPUT);

  it('tells what is read, what is sent, what is never collected, and the policy in force, within the contract', () => {
    const view = AboutViewSchema.parse(aboutMonitoring({ policy, version: null, detectors: BUILTIN_DETECTORS }));
    const all = JSON.stringify(view);
    expect(view.sections.map((s) => s.heading)).toEqual([
      'What Sluice does on this computer',
      'What is read on this computer',
      'What is sent to your organization',
      'What is never collected',
      'The policy in force: Recommended default',
      'What the detectors look for',
      'When a paste needs a reason',
    ]);
    expect(all).toContain('salted hash');
    expect(all).toContain('masked preview');
    expect(all).toContain('Never the values themselves');
    expect(all).toContain('Passwords, keys and tokens going to any AI tool: replaced by placeholders before it can be pasted.');
    expect(all).toContain('Anything else: allowed and recorded.');
    expect(all).toContain(`${BUILTIN_DETECTORS.length} detectors`);
    expect(view.policy).toEqual({ name: 'Recommended default', version: null, mode: 'enforce', evidence: 'masked' });
  });

  it('says so when the policy sends the matched text, and when it only monitors', () => {
    const raw = { ...policy, mode: 'monitor' as const, dlp: { ...policy.dlp, evidence: 'raw' as const, rules: [{ category: 'credential', destination: 'unsanctioned_ai', action: 'block' }] } };
    const view = aboutMonitoring({ policy: raw, version: 12, detectors: BUILTIN_DETECTORS, customDetectors: 2 });
    const all = JSON.stringify(view);
    expect(all).toContain('evidence level “raw”');
    expect(all).not.toContain('Never the values themselves');
    expect(all).toContain('monitor mode');
    expect(all).toContain('Passwords, keys and tokens going to AI tools your organization does not approve: held back');
    expect(all).toContain('defined by your organization in its policy: 2');
    expect(all).toContain('Version 12');
  });
});
