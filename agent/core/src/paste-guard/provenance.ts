import { clip } from '@sluice/shared';

/** Most characters kept of a path read from a title. */
const MAX_PATH_CHARS = 1024;

/**
 * Finds the file or folder a window title reveals, for "copied from …" provenance. Editors and IDEs
 * put the open file first ("main.ts — repo — Visual Studio Code", "README.md - project - Cursor",
 * "~/src/app/.env - GVIM"); terminals show the working directory ("alice@host: ~/src/repo"). Only
 * path-shaped or file-name-shaped text is kept, so ordinary titles yield nothing.
 */
export function pathFromTitle(title: string | undefined): string | undefined {
  if (!title) return undefined;
  const t = clip(title, 4 * MAX_PATH_CHARS).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  const terminal = /^[\w.-]+@[\w.-]+:\s*((?:~|\/)[^\s]*)/.exec(t);
  if (terminal?.[1]) return clip(terminal[1], MAX_PATH_CHARS);
  const parts = t.split(/\s+[—–-]\s+/).map((p) => p.replace(/^[●•*]\s*/, '').trim()).filter(Boolean);
  const first = parts[0];
  if (!first || parts.length < 2) return undefined;
  const looksLikePath = /^(?:~|\/|[A-Za-z]:\\)/.test(first) || /^[\w.@-]+\.[A-Za-z0-9]{1,10}$/.test(first);
  if (!looksLikePath) return undefined;
  // "file - folder - App" keeps the folder (often the repository) for context.
  const folder = parts.length >= 3 ? parts[1] : undefined;
  const path = folder && !/[/\\]/.test(first) ? `${folder}/${first}` : first;
  return clip(path, MAX_PATH_CHARS);
}
