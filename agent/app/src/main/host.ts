import {
  controlSocketPath,
  createDiscoveryCapability,
  createPasteGuard,
  loadAgentConfig,
  loadCredentials,
  PASTE_GUARD_COMPONENT,
  PolicyState,
  readStatus,
  requestControl,
  startAgent,
  type Agent,
  type Capability,
  type ClipboardSource,
  type EffectivePolicy,
  type Notifier,
  type PasteGuard,
  type UserNotice,
} from '@sluice/agent-core';
import { createPlatform } from '@sluice/agent-platform';
import { BUILTIN_DETECTORS, decodeKey } from '@sluice/shared';
import { createLogger } from '@sluice/shared-node';
import type { AboutView, JustifyResult, PendingView, StatusView } from '../common/ipc.js';
import { aboutMonitoring } from './about.js';
import { DESKTOP_JUSTIFY_HINT, statusView } from './texts.js';

/**
 * The agent inside the desktop shell: the same `startAgent` as `sluice agent run`, with discovery
 * and the paste guard, whose clipboard is Electron's and whose focus and notifications come from
 * the platform and the shell. When an agent service already runs for the data folder (installed by
 * MDM), the shell does not start a second one: it shows that agent's status file and talks to it
 * over its control socket (`external`).
 */

export interface HostOptions {
  readonly dataDir: string;
  readonly agentVersion: string;
  readonly env: NodeJS.ProcessEnv;
  readonly clipboard: ClipboardSource;
  /** Shows a notice to the person at the keyboard. */
  readonly notify: (notice: UserNotice) => void;
}

export interface AgentHost {
  status(): StatusView;
  pending(): Promise<PendingView>;
  justify(reason: string): Promise<JustifyResult>;
  about(): AboutView;
  stop(): Promise<void>;
}

function failure(error: unknown): { code: string; message: string } {
  const e = error as { code?: unknown; message?: unknown };
  return { code: typeof e.code === 'string' ? e.code.slice(0, 64) : 'E_INTERNAL', message: String(e.message ?? error).slice(0, 1_000) };
}

export async function startHost(options: HostOptions): Promise<AgentHost> {
  const { dataDir, env } = options;
  let lastAction: StatusView['lastAction'] = null;
  const notifier: Notifier = {
    async notify(notice) {
      lastAction = { at: Date.now(), summary: notice.title };
      options.notify(notice);
    },
  };

  let host: ReturnType<typeof createPlatform> | undefined;
  let unsupported: string | undefined;
  try {
    host = createPlatform({ env });
  } catch (error) {
    unsupported = (error as Error).message;
  }

  let agent: Agent | undefined;
  let guard: PasteGuard | undefined;
  let mode: StatusView['agent'] = 'running';
  let message: string | undefined;
  try {
    const config = loadAgentConfig({ dataDir, env });
    const capabilities: Capability[] = [];
    if (host) {
      capabilities.push(createDiscoveryCapability(host.discovery));
      if (host.paste) {
        guard = createPasteGuard({ clipboard: options.clipboard, focus: host.paste.focus, notifier, justifyHint: DESKTOP_JUSTIFY_HINT });
        capabilities.push(guard);
      }
    }
    agent = await startAgent({ config, agentVersion: options.agentVersion, ...(host ? { platform: host.platform } : {}), capabilities });
    if (!host?.paste) agent.reportUnavailable(PASTE_GUARD_COMPONENT, 'E_PASTE_FOCUS_UNAVAILABLE', unsupported ?? 'This operating system does not tell Sluice which window has focus.');
  } catch (error) {
    // The guard never started: the paste guard of an agent service, if any, is the one that acts.
    guard = undefined;
    const { code, message: text } = failure(error);
    if (code === 'E_AGENT_RUNNING') mode = 'external';
    else if (code === 'E_NOT_ENROLLED') mode = 'not_enrolled';
    else mode = unsupported ? 'unsupported' : 'failed';
    message = mode === 'external' ? undefined : text;
  }

  const socket = controlSocketPath(dataDir);

  function policy(): { effective: EffectivePolicy | undefined } {
    if (agent) return { effective: agent.policy.current };
    if (mode !== 'external') return { effective: undefined };
    try {
      // The service verified and applied it; reading it back here only shows it.
      const credentials = loadCredentials(dataDir);
      const state = new PolicyState(dataDir, credentials.deviceId, decodeKey(credentials.policyPublicKey), createLogger('agent-app', 'silent'));
      state.load();
      return { effective: state.current };
    } catch {
      return { effective: undefined };
    }
  }

  return {
    status() {
      const report = agent ? agent.status() : mode === 'external' ? readStatus(dataDir) : undefined;
      const pending = guard?.pending() !== undefined;
      return statusView({
        report,
        agent: mode,
        ...(message ? { message } : {}),
        ...(agent ? { policyName: agent.policy.current.document.name } : {}),
        lastAction,
        pending,
        pasteGuardComponent: PASTE_GUARD_COMPONENT,
        pasteGuardStarted: guard !== undefined,
      });
    },
    async pending() {
      if (guard) return guard.pending() ?? null;
      if (mode !== 'external') return null;
      try {
        const answer = (await requestControl(socket, { type: 'paste-pending' })) as { destination?: unknown; found?: unknown } | null;
        return answer && typeof answer.destination === 'string' && typeof answer.found === 'string' ? { destination: answer.destination, found: answer.found } : null;
      } catch {
        return null;
      }
    },
    async justify(reason) {
      try {
        if (guard) {
          const result = await guard.justify(reason, 'dialog');
          return { ok: true, destination: result.destination };
        }
        if (mode === 'external') {
          const result = (await requestControl(socket, { type: 'justify', reason, via: 'dialog' })) as { destination?: unknown };
          return { ok: true, destination: typeof result.destination === 'string' ? result.destination : 'the AI tool' };
        }
        return { ok: false, code: 'E_CONTROL_UNAVAILABLE', message: 'The Sluice agent is not running.' };
      } catch (error) {
        return { ok: false, ...failure(error) };
      }
    },
    about() {
      const { effective } = policy();
      const document = effective?.document;
      if (!document) {
        return aboutMonitoring({
          policy: { name: 'not known yet', mode: 'enforce', dlp: { rules: [], defaultAction: 'allow', evidence: 'masked' } },
          version: null,
          detectors: BUILTIN_DETECTORS,
        });
      }
      return aboutMonitoring({ policy: document, version: effective.version, detectors: BUILTIN_DETECTORS, customDetectors: document.dlp.customDetectors?.length ?? 0 });
    },
    async stop() {
      await agent?.stop('desktop app quit');
    },
  };
}
