import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_INPUT } from '@sluice/shared';
import { sluice, SluiceProcess, until } from '../support/processes.js';
import { Stack } from '../support/stack.js';
import { TestDesktop } from '../support/x11.js';

const AWS_ID = 'AKIAQ3EGUHLO7KXPZW2M';
const AWS_SECRET = 'q8Ld2Nw5Vb1Hx7Rt0Yz3Kp6Mc9Jf4Gs2Ah8Ue5W';
const CARD = '4111 1111 1111 1111';
const SECRET_TEXT = `aws_access_key_id = ${AWS_ID}\naws_secret_access_key = ${AWS_SECRET}\ncard: ${CARD}\n`;

let stack: Stack | undefined;
let desktop: TestDesktop | undefined;
afterEach(async () => {
  await stack?.stop();
  await desktop?.stop();
  stack = undefined;
  desktop = undefined;
});

/** Every regular file under a folder, read as bytes (the database, its WAL, keys, caches; not sockets). */
function filesUnder(dir: string): { path: string; data: Buffer }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) return filesUnder(path);
    return stat.isFile() ? [{ path, data: readFileSync(path) }] : [];
  });
}

describe.runIf(process.platform === 'linux' && TestDesktop.available())('paste guard end to end (Xvfb, real clipboard)', () => {
  it('redacts an AWS key pair pasted towards ChatGPT, restores it after, and only evidence reaches the collector', async () => {
    desktop = await TestDesktop.start();
    const ai = await desktop.openWindow('ChatGPT - Google Chrome');
    const editor = await desktop.openWindow('credentials.env - infra - Visual Studio Code');
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    await stack.startAgent({ DISPLAY: desktop.env.DISPLAY });
    await until(async () => (await stack!.agentStatus()).connection?.state === 'connected', 15_000, 'agent connected');

    await desktop.focus(editor);
    desktop.copy(SECRET_TEXT);
    await desktop.focus(ai);
    const redacted = await until(() => {
      const text = desktop!.clipboard();
      return !text.includes(AWS_ID) && text.includes('[REDACTED:') ? text : undefined;
    }, 5_000, 'redacted clipboard');
    expect(redacted).not.toContain(AWS_SECRET);
    expect(redacted).toContain(CARD);
    await desktop.focus(editor);
    await until(() => desktop!.clipboard() === SECRET_TEXT, 5_000, 'original restored');

    const [paste] = await until(async () => {
      const found = await stack!.events({ type: 'paste.to_ai' });
      return found.length > 0 ? found : undefined;
    }, 15_000, 'paste event in the timeline');
    expect(paste!.payload).toMatchObject({
      action: 'redact',
      outcome: 'applied',
      destination: { app: 'chatgpt', name: 'ChatGPT' },
      source: { path: 'infra/credentials.env', title: 'credentials.env - infra - Visual Studio Code' },
    });
    const items = paste!.payload.findings.items as { detector: string; previews: string[]; hashes: string[] }[];
    expect(items.map((i) => i.detector)).toEqual(expect.arrayContaining(['aws-access-key-id']));
    for (const item of items) {
      expect(item.hashes.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
      for (const preview of item.previews) expect(preview).toMatch(/[*•…x]|REDACTED/i);
    }
    // Searchable by detector in the timeline.
    expect((await stack.events({ text: 'aws' })).some((e) => e.type === 'paste.to_ai')).toBe(true);

    // The raw key pair is nowhere on the collector's side: not in its files, not in its logs.
    await stack.collector!.kill('SIGTERM');
    for (const needle of [AWS_ID, AWS_SECRET]) {
      for (const file of filesUnder(stack.collectorDir)) expect(file.data.includes(needle), file.path).toBe(false);
      expect(stack.collector!.stdout + stack.collector!.stderr).not.toContain(needle);
      expect(stack.agent!.stdout + stack.agent!.stderr).not.toContain(needle);
    }
  });

  it('redacts a customer e-mail from an exact-data-match table the collector distributed, and only evidence leaves', async () => {
    const customer = 'ingrid.vasquez-7781@client-mail.example';
    desktop = await TestDesktop.start();
    const ai = await desktop.openWindow('ChatGPT - Google Chrome');
    const editor = await desktop.openWindow('refunds.txt - Text Editor');
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    const policy = { ...DEFAULT_POLICY_INPUT, id: 'customer-data', name: 'Customer data', dlp: { ...DEFAULT_POLICY_INPUT.dlp, rules: [{ category: 'custom', destination: '*', action: 'redact' }] } };
    expect((await stack.api('/v1/policies', { method: 'POST', body: JSON.stringify(policy) })).status).toBe(201);
    await stack.startAgent({ DISPLAY: desktop.env.DISPLAY });
    await until(async () => (await stack!.agentStatus()).policy?.id === 'customer-data', 15_000, 'policy applied');

    // The table goes to the collector; the agent learns of its index from the re-signed policy.
    writeFileSync(join(stack.root, 'customers.csv'), `Email,Segment\n${customer},retail\nben.okafor-1102@client-mail.example,private\n`);
    const uploaded = await sluice(['edm', 'upload', '--url', stack.url, '--name', 'customers', '--columns', 'Email:email', join(stack.root, 'customers.csv')], stack.adminEnv);
    expect(uploaded.code, uploaded.stderr).toBe(0);
    await until(async () => ((await stack!.agentStatus()).edm as { state: string }[] | undefined)?.[0]?.state === 'loaded', 15_000, 'index loaded');

    const text = `Please chase the refund for ${customer} today.`;
    await desktop.focus(editor);
    desktop.copy(text);
    await desktop.focus(ai);
    const redacted = await until(() => {
      const now = desktop!.clipboard();
      return now.includes('[REDACTED:') ? now : undefined;
    }, 5_000, 'redacted clipboard');
    expect(redacted).not.toContain(customer);
    await desktop.focus(editor);
    await until(() => desktop!.clipboard() === text, 5_000, 'original restored');

    const [paste] = await until(async () => {
      const found = await stack!.events({ type: 'paste.to_ai' });
      return found.length > 0 ? found : undefined;
    }, 15_000, 'paste event in the timeline');
    expect(paste!.payload).toMatchObject({ action: 'redact', outcome: 'applied', policy: { id: 'customer-data' } });
    const items = paste!.payload.findings.items as { detector: string }[];
    expect(items.map((i) => i.detector)).toContain('edm-customers-email');

    // The collector kept the index only, the agent its cached copy: the address is in no file and no log.
    await stack.collector!.kill('SIGTERM');
    for (const file of [...filesUnder(stack.collectorDir), ...filesUnder(stack.agentDir)]) expect(file.data.includes(customer), file.path).toBe(false);
    expect(stack.collector!.stdout + stack.collector!.stderr + stack.agent!.stdout + stack.agent!.stderr).not.toContain(customer);
  });

  it('holds a paste back until the employee justifies it with the CLI, and records the reason', async () => {
    desktop = await TestDesktop.start();
    const ai = await desktop.openWindow('Claude - Mozilla Firefox');
    const editor = await desktop.openWindow('notes.txt - Text Editor');
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    const policy = { ...DEFAULT_POLICY_INPUT, id: 'justify-credentials', name: 'Justify credentials', dlp: { ...DEFAULT_POLICY_INPUT.dlp, rules: [{ category: 'credential', destination: '*', action: 'justify' }] } };
    expect((await stack.api('/v1/policies', { method: 'POST', body: JSON.stringify(policy) })).status).toBe(201);
    await stack.startAgent({ DISPLAY: desktop.env.DISPLAY });
    await until(async () => (await stack!.agentStatus()).policy?.id === 'justify-credentials', 15_000, 'policy applied');

    await desktop.focus(editor);
    desktop.copy(SECRET_TEXT);
    await desktop.focus(ai);
    await until(() => desktop!.clipboard() === '', 5_000, 'clipboard held back');
    const justified = await sluice(['agent', 'justify', '--data', stack.agentDir, '--reason', 'Sharing a rotated key with the vendor support bot']);
    expect(justified.code).toBe(0);
    expect(justified.stdout).toContain('Claude');
    await until(() => desktop!.clipboard() === SECRET_TEXT, 5_000, 'paste allowed');
    const reason = await until(async () => (await stack!.events({ type: 'paste.justified' }))[0], 15_000, 'justification in the timeline');
    const held = (await stack.events({ type: 'paste.to_ai' }))[0]!;
    expect(held.payload).toMatchObject({ action: 'justify', outcome: 'awaiting_justification', policy: { id: 'justify-credentials' } });
    expect(reason.payload).toMatchObject({ pasteEventId: held.id, reason: 'Sharing a rotated key with the vendor support bot', via: 'cli' });
    // Nothing left to justify: a clear, coded answer.
    const again = await sluice(['agent', 'justify', '--data', stack.agentDir, '--reason', 'again']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('E_NOTHING_TO_JUSTIFY');
  });

  it('keeps running without a display and reports the paste guard unavailable once, with the reason', async () => {
    stack = await Stack.create();
    await stack.startCollector();
    await stack.enroll();
    stack.agent = new SluiceProcess(['agent', 'run', '--data', stack.agentDir], { DISPLAY: '', WAYLAND_DISPLAY: '' });
    await stack.agent.waitFor(/agent running as device/);
    await stack.queueTestEvents(3, 'headless');
    await until(async () => (await stack!.events({ type: 'agent.test' })).length === 3, 15_000, 'events still delivered');
    const errors = (await stack.events({ type: 'agent.error' })).filter((e) => e.payload.component === 'paste-guard');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.payload).toMatchObject({ code: 'E_PASTE_NO_DISPLAY' });
    expect((await stack.agentStatus()).unavailable).toEqual(
      expect.arrayContaining([expect.objectContaining({ component: 'paste-guard', code: 'E_PASTE_NO_DISPLAY' })]),
    );
  });
});
