/**
 * Decodes clipboard bytes as UTF-8; invalid sequences become U+FFFD instead of failing, and a cut
 * through a multi-byte character (a bounded read) drops the partial character.
 */
export function decodeText(data: Buffer, truncated: boolean): string {
  let bytes = data;
  // Do not leave half a character at a cut.
  if (truncated) {
    let end = bytes.length;
    let back = 0;
    while (end > 0 && back < 4 && (bytes[end - 1]! & 0xc0) === 0x80) {
      end -= 1;
      back += 1;
    }
    if (end > 0 && bytes[end - 1]! >= 0xc0) end -= 1;
    bytes = bytes.subarray(0, end);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}
