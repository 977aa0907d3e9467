import { MAX_JUSTIFICATION_CHARS } from '@sluice/shared';
import { z } from 'zod';

/**
 * The one IPC contract between the shell's main process and its windows: channel names, what each
 * request carries and what each answer holds, as zod schemas. The main process validates every
 * request against it (`src/main/ipc-main.ts`) and every answer before it leaves; the preload and
 * the renderer are typed from it (they import types only: a sandboxed preload and a renderer
 * loaded from files can load no package at run time). A change here is a change of all three.
 */

export const IPC_CHANNELS = {
  status: 'sluice:status',
  pending: 'sluice:pending',
  justify: 'sluice:justify',
  about: 'sluice:about',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

const text = (max: number) => z.string().max(max);

/** What the tray and the windows show about the agent. */
export const StatusViewSchema = z.strictObject({
  /** `external`: another agent process (the system service) runs for this data folder; the shell talks to it. */
  agent: z.enum(['running', 'external', 'not_enrolled', 'unsupported', 'failed']),
  /** Why the agent is not running, for `not_enrolled` and `failed`. */
  message: text(1_000).optional(),
  connection: z.enum(['connected', 'connecting', 'offline', 'unknown']),
  policy: z.strictObject({ name: text(200), version: z.number().int().positive().nullable(), mode: z.enum(['monitor', 'enforce']) }).nullable(),
  pasteGuard: z.strictObject({ state: z.enum(['on', 'unavailable', 'unknown']), reason: text(1_000).optional() }),
  lastAction: z.strictObject({ at: z.number().int().nonnegative(), summary: text(300) }).nullable(),
  /** A paste is held back until the user gives a reason. */
  pending: z.boolean(),
});
export type StatusView = z.infer<typeof StatusViewSchema>;

/** The paste waiting for a reason, described (never its content). */
export const PendingViewSchema = z.strictObject({ destination: text(256), found: text(2_000) }).nullable();
export type PendingView = z.infer<typeof PendingViewSchema>;

export const JustifyRequestSchema = z.strictObject({ reason: z.string().trim().min(1).max(MAX_JUSTIFICATION_CHARS) });
export type JustifyRequest = z.infer<typeof JustifyRequestSchema>;

export const JustifyResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), destination: text(256) }),
  z.strictObject({ ok: z.literal(false), code: text(64), message: text(1_000) }),
]);
export type JustifyResult = z.infer<typeof JustifyResultSchema>;

/** The "about this device's monitoring" page, as plain text the renderer puts into the page. */
export const AboutViewSchema = z.strictObject({
  policy: z.strictObject({ name: text(200), version: z.number().int().positive().nullable(), mode: z.enum(['monitor', 'enforce']), evidence: z.enum(['masked', 'raw']) }),
  sections: z
    .array(z.strictObject({ heading: text(200), paragraphs: z.array(text(2_000)).max(20), items: z.array(text(500)).max(60) }))
    .max(20),
});
export type AboutView = z.infer<typeof AboutViewSchema>;

/** Request arguments (as the tuple `ipcRenderer.invoke` passes after the channel) and answer, per channel. */
export const IPC_CONTRACT = {
  [IPC_CHANNELS.status]: { request: z.tuple([]), response: StatusViewSchema },
  [IPC_CHANNELS.pending]: { request: z.tuple([]), response: PendingViewSchema },
  [IPC_CHANNELS.justify]: { request: z.tuple([JustifyRequestSchema]), response: JustifyResultSchema },
  [IPC_CHANNELS.about]: { request: z.tuple([]), response: AboutViewSchema },
} as const satisfies Record<IpcChannel, { request: z.ZodTuple; response: z.ZodType }>;

export type IpcArgs<C extends IpcChannel> = z.infer<(typeof IPC_CONTRACT)[C]['request']>;
export type IpcResult<C extends IpcChannel> = z.infer<(typeof IPC_CONTRACT)[C]['response']>;

/** What the preload exposes to the page as `window.sluice`: one function per channel, nothing else. */
export interface SluiceApi {
  status(): Promise<StatusView>;
  pending(): Promise<PendingView>;
  justify(reason: string): Promise<JustifyResult>;
  about(): Promise<AboutView>;
}

/** Each API function and the channel it calls; the preload's table must equal this one, key by key. */
export type ApiChannels = { readonly [K in keyof SluiceApi]: (typeof IPC_CHANNELS)[K] };
