import type { AgentStatusReport, UserNotice } from '@sluice/agent-core';
import type { StatusView } from '../common/ipc.js';

/**
 * What the shell says, as pure functions: the notification for a paste-guard notice, the tray's
 * tooltip and menu lines, and the status view built from the agent's report. The sentences about a
 * paste themselves come from agent/core (`pasteNotice`), so the headless agent and the shell say
 * the same thing.
 */

/** How an employee gives a reason in the desktop app; shown in `justify` notices. */
export const DESKTOP_JUSTIFY_HINT = 'click this notification, or choose “Give a reason…” in the Sluice menu';

export interface NotificationOptionsLike {
  title: string;
  body: string;
  urgency: 'low' | 'normal' | 'critical';
  timeoutType: 'default' | 'never';
  silent: boolean;
}

const TITLE_CHARS = 120;
const BODY_CHARS = 600;

function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Electron Notification options for a notice: bounded, on one line, and a critical one stays until dismissed. */
export function notificationOptions(notice: UserNotice): NotificationOptionsLike {
  return {
    title: oneLine(notice.title, TITLE_CHARS),
    body: oneLine(notice.body, BODY_CHARS),
    urgency: notice.urgency,
    timeoutType: notice.urgency === 'critical' ? 'never' : 'default',
    silent: notice.urgency === 'low',
  };
}

/** The tray's tooltip and the status lines at the top of its menu. */
export function trayText(view: StatusView, now: number): { tooltip: string; lines: string[]; canJustify: boolean } {
  const lines: string[] = [];
  switch (view.agent) {
    case 'not_enrolled':
      lines.push('Sluice is not set up on this device yet');
      break;
    case 'unsupported':
      lines.push('Sluice does not support this operating system');
      break;
    case 'failed':
      lines.push('Sluice could not start');
      break;
    default:
      lines.push(
        view.connection === 'connected'
          ? 'Connected to your organization'
          : view.connection === 'connecting'
            ? 'Connecting to your organization…'
            : 'Offline: events are kept and sent later',
      );
  }
  if (view.message) lines.push(oneLine(view.message, 120));
  if (view.policy) {
    const version = view.policy.version === null ? 'built-in' : `version ${view.policy.version}`;
    lines.push(`Policy: ${oneLine(view.policy.name, 80)} (${version}${view.policy.mode === 'monitor' ? ', monitor only' : ''})`);
  }
  if (view.pasteGuard.state === 'on') lines.push('Paste guard: on');
  else if (view.pasteGuard.state === 'unavailable') lines.push(`Paste guard: off here${view.pasteGuard.reason ? ` (${oneLine(view.pasteGuard.reason, 100)})` : ''}`);
  if (view.lastAction) lines.push(`Last: ${oneLine(view.lastAction.summary, 100)}, ${ago(view.lastAction.at, now)}`);
  if (view.pending) lines.push('A paste is waiting for your reason');
  const tooltip = oneLine(['Sluice', ...lines.slice(0, 2)].join(' — '), 120);
  return { tooltip, lines, canJustify: view.pending };
}

export function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return 'just now';
  if (s < 3_600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3_600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export interface StatusInput {
  readonly report: AgentStatusReport | undefined;
  readonly agent: StatusView['agent'];
  readonly message?: string;
  readonly policyName?: string;
  readonly lastAction: StatusView['lastAction'];
  readonly pending: boolean;
  readonly pasteGuardComponent: string;
  readonly pasteGuardStarted: boolean;
}

/** The status view from the agent's own report (in-process, or the status file of an agent service). */
export function statusView(input: StatusInput): StatusView {
  const { report } = input;
  const unavailable = report?.unavailable.find((u) => u.component === input.pasteGuardComponent);
  const state = report?.connection.state;
  return {
    agent: input.agent,
    ...(input.message ? { message: oneLine(input.message, 1_000) } : {}),
    connection: state === 'connected' ? 'connected' : state === 'connecting' ? 'connecting' : state ? 'offline' : 'unknown',
    policy: report ? { name: oneLine(input.policyName ?? report.policy.id, 200), version: report.policy.version, mode: report.policy.mode } : null,
    pasteGuard: unavailable
      ? { state: 'unavailable', reason: oneLine(unavailable.reason, 1_000) }
      : { state: report && (input.pasteGuardStarted || input.agent === 'external') ? 'on' : 'unknown' },
    lastAction: input.lastAction ? { at: input.lastAction.at, summary: oneLine(input.lastAction.summary, 300) } : null,
    pending: input.pending,
  };
}
