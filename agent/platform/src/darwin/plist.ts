/**
 * A small reader for XML property lists (Apple's PropertyList-1.0 DTD): the top-level dictionary's
 * string, integer, real and boolean values. Nested dictionaries and arrays are skipped. Binary
 * plists are converted to XML with `plutil` first.
 */
export function parseXmlPlist(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = text.slice(0, 4 * 1024 * 1024);
  const start = body.indexOf('<dict>');
  if (start < 0) return out;
  let depth = 0;
  let key: string | undefined;
  const token = /<(\/?)(dict|array|key|string|integer|real|true|false)(\s*\/)?>(?:([^<]*)<\/\2>)?/g;
  token.lastIndex = start;
  let m: RegExpExecArray | null;
  while ((m = token.exec(body)) !== null) {
    const [, closing, tag, selfClosing, content] = m;
    if (tag === 'dict' || tag === 'array') {
      if (selfClosing) {
        if (depth === 1) key = undefined;
        continue;
      }
      if (closing) {
        depth -= 1;
        if (depth === 0) break;
      } else {
        if (depth === 1) key = undefined;
        depth += 1;
      }
      continue;
    }
    if (depth !== 1) continue;
    if (tag === 'key') key = unescape(content ?? '');
    else if (key !== undefined) {
      out[key] = tag === 'true' || tag === 'false' ? tag : unescape(content ?? '');
      key = undefined;
    }
  }
  return out;
}

function unescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}
