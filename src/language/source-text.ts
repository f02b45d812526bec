/** A file's bytes as text, or where its UTF-8 goes wrong. */
export type DecodedSource =
  | { ok: true; text: string }
  | { ok: false; line: number; column: number; message: string };

/** Decodes UTF-8 strictly, dropping a leading byte-order mark. */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  try {
    return { ok: true, text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = stripBom(new TextDecoder('utf-8').decode(bytes.subarray(0, offset)));
    const { line, column } = positionAt(before, before.length);
    const byte = bytes[offset]?.toString(16).padStart(2, '0') ?? '??';
    return { ok: false, line, column, message: `the file is not valid UTF-8: byte 0x${byte} at line ${line}, column ${column}` };
  }
}

/** 1-based line and column of `offset`, with CRLF, CR and LF each ending a line, as editors count. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte that does not begin or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    if (length === 3 && !validThreeByte(b, bytes[i + 1]!)) return i;
    if (length === 4 && !validFourByte(b, bytes[i + 1]!)) return i;
    i += length;
  }
  return bytes.length;
}

/** Rejects overlong forms and UTF-16 surrogates. */
function validThreeByte(first: number, second: number): boolean {
  if (first === 0xe0) return second >= 0xa0;
  if (first === 0xed) return second < 0xa0;
  return true;
}

/** Rejects overlong forms and code points above U+10FFFF. */
function validFourByte(first: number, second: number): boolean {
  if (first === 0xf0) return second >= 0x90;
  if (first === 0xf4) return second < 0x90;
  return true;
}
