/**
 * Turns file content into text, refusing binary data and invalid UTF-8 with a
 * reason instead of silently producing replacement characters.
 */
export type DecodeResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'binary' | 'invalid-utf8' | 'too-large'; readonly message: string; readonly offset?: number };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeText(content: string | Uint8Array, maxBytes: number): DecodeResult {
  const byteLength = typeof content === 'string' ? utf8Length(content, maxBytes + 1) : content.byteLength;
  if (byteLength > maxBytes) {
    return {
      ok: false,
      reason: 'too-large',
      message: `the file is ${formatBytes(byteLength)}${typeof content === 'string' && byteLength > maxBytes ? ' or more' : ''}, above the ${formatBytes(maxBytes)} limit`,
    };
  }
  let text: string;
  if (typeof content === 'string') {
    text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  } else {
    try {
      text = decoder.decode(content);
    } catch {
      return { ok: false, reason: 'invalid-utf8', message: 'the file is not valid UTF-8 text', offset: firstInvalidUtf8(content) };
    }
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    return { ok: false, reason: 'binary', message: 'the file contains binary data (a NUL byte)', offset: nul };
  }
  return { ok: true, text };
}

/** UTF-8 byte length, stopping early once `stopAt` is exceeded (a huge string costs nothing extra). */
function utf8Length(text: string, stopAt: number): number {
  if (text.length * 3 < stopAt) return text.length; // cannot exceed: exact length not needed
  let bytes = 0;
  for (let i = 0; i < text.length && bytes < stopAt; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Offset of the first byte that breaks UTF-8, found in one pass (used only for the message). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= bytes.length) return i;
    for (let k = 1; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return 0;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
