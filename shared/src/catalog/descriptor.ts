import { z } from 'zod';
import { OsSchema, PortSchema } from './schema.js';

/**
 * What the agent's collectors observe, as the matcher reads it. One shape covers every collector;
 * each fills the fields it has. Bounds are the largest values a real endpoint produces, so anything
 * larger is treated as hostile input rather than truncated silently.
 */
export const DESCRIPTOR_LIMITS = {
  name: 1024,
  path: 4096,
  cmdline: 128 * 1024,
  argv: 4096,
  title: 16 * 1024,
  url: 16 * 1024,
  probeBody: 64 * 1024,
  id: 256,
} as const;

const text = (max: number) => z.string().max(max);

export const ProbeResultSchema = z.strictObject({
  /** HTTP status of the answer; 0 when the connection failed. */
  status: z.number().int().min(0).max(999),
  /** The first bytes of the body, decoded as UTF-8. */
  body: text(DESCRIPTOR_LIMITS.probeBody),
  /** The path that was requested; without it every known probe is tried on the body. */
  path: text(1024).optional(),
  port: PortSchema.optional(),
});
export type ProbeResult = z.infer<typeof ProbeResultSchema>;

export const DescriptorSchema = z.object({
  /** Process name as the OS reports it, or an installed app's display name, or a window's owner. */
  name: text(DESCRIPTOR_LIMITS.name).optional(),
  /** Full path of the executable (or of the app bundle / install folder for inventory). */
  exe: text(DESCRIPTOR_LIMITS.path).optional(),
  /** The command line as one string or as argv. */
  cmdline: z
    .union([text(DESCRIPTOR_LIMITS.cmdline), z.array(text(DESCRIPTOR_LIMITS.path)).max(DESCRIPTOR_LIMITS.argv)])
    .optional(),
  pid: z.number().int().nonnegative().optional(),
  ppid: z.number().int().nonnegative().optional(),
  bundleId: text(255).optional(),
  teamId: text(64).optional(),
  /** Authenticode publisher on Windows, signing authority on macOS. */
  signer: text(1024).optional(),
  packageFamilyName: text(255).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
    .optional(),
  asarName: text(214).optional(),
  /** Editor extension id (`publisher.name`) for IDE extension inventory. */
  extensionId: text(255).optional(),
  title: text(DESCRIPTOR_LIMITS.title).optional(),
  url: text(DESCRIPTOR_LIMITS.url).optional(),
  listenPorts: z.array(PortSchema).max(64).optional(),
  probe: z.union([ProbeResultSchema, z.array(ProbeResultSchema).max(16)]).optional(),
  platform: OsSchema.optional(),
});
export type Descriptor = z.infer<typeof DescriptorSchema>;

/** What a process collector produces. */
export type ProcessDescriptor = Pick<
  Descriptor,
  'name' | 'exe' | 'cmdline' | 'pid' | 'ppid' | 'sha256' | 'teamId' | 'signer' | 'bundleId' | 'asarName' | 'listenPorts' | 'probe' | 'platform'
>;
/** What the foreground-window sampler produces (`name` is the owning process). */
export type WindowDescriptor = Pick<Descriptor, 'title' | 'url' | 'name' | 'bundleId' | 'exe' | 'platform'>;
/** What installed-app inventory produces (`exe` is the bundle, install folder or main executable). */
export type InstalledAppDescriptor = Pick<
  Descriptor,
  'name' | 'exe' | 'bundleId' | 'teamId' | 'signer' | 'packageFamilyName' | 'asarName' | 'extensionId' | 'sha256' | 'platform'
>;
/** What the listening-socket prober produces. */
export type ProbeDescriptor = Pick<Descriptor, 'listenPorts' | 'probe' | 'name' | 'exe' | 'platform'>;

/** One line of `sluice fingerprint --jsonl`: a descriptor with the caller's id. */
export const DescriptorLineSchema = DescriptorSchema.extend({
  id: z.union([z.string().max(DESCRIPTOR_LIMITS.id), z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)]),
});
export type DescriptorLine = z.infer<typeof DescriptorLineSchema>;

/** Error codes of the fingerprint batch interface; each answers one input line. */
export const FINGERPRINT_ERRORS = {
  E_BAD_JSON: 'The line is not valid JSON.',
  E_BAD_DESCRIPTOR: 'The line does not match the descriptor schema.',
  E_LINE_TOO_LARGE: 'The line exceeds the maximum line size; it was skipped.',
} as const;
export type FingerprintErrorCode = keyof typeof FINGERPRINT_ERRORS;
