import type { CodeSignature } from '@sluice/agent-core';

/**
 * Parses `codesign -dv --verbose=2 PATH` (printed on stderr): `Identifier=`, `TeamIdentifier=` and the
 * first `Authority=` line (the leaf certificate, `Developer ID Application: Name (TEAMID)`).
 */
export function parseCodesign(text: string): CodeSignature | undefined {
  const get = (key: string): string | undefined => new RegExp(`^${key}=(.+)$`, 'm').exec(text)?.[1]?.trim();
  const identifier = get('Identifier');
  const team = get('TeamIdentifier');
  const authority = get('Authority');
  const teamId = team && /^[A-Z0-9]{10}$/.test(team) ? team : undefined;
  if (!identifier && !teamId && !authority) return undefined;
  return { ...(identifier ? { bundleId: identifier } : {}), ...(teamId ? { teamId } : {}), ...(authority ? { signer: authority } : {}) };
}
