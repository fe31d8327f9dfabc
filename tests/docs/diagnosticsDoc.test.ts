/**
 * docs/reference/diagnostics.md documents every diagnostic code: a code that
 * ships without an entry leaves designers with a message and nowhere to read
 * more, and an entry for a code that no longer exists misleads them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DIAGNOSTIC_CODES } from '@colloquy/core';
import { describe, expect, it } from 'vitest';

const DOC = fileURLToPath(new URL('../../docs/reference/diagnostics.md', import.meta.url));
const text = readFileSync(DOC, 'utf8');
/** Codes with a `### CQnnn` heading, in document order. */
const documented = [...text.matchAll(/^### (CQ\d{3})\b/gm)].map((match) => match[1]!);
const codes = Object.keys(DIAGNOSTIC_CODES);

describe('docs/reference/diagnostics.md', () => {
  it('has a `### CQnnn` heading for every diagnostic code', () => {
    const missing = codes.filter((code) => !documented.includes(code));
    expect(missing, 'add an entry (title, default severity, a wrong example, what to do) for each').toEqual([]);
  });

  it('documents no code that does not exist, and each code once', () => {
    expect(documented.filter((code) => !codes.includes(code))).toEqual([]);
    expect(documented.filter((code, i) => documented.indexOf(code) !== i)).toEqual([]);
  });

  it('gives each entry the code\'s default severity', () => {
    for (const code of codes) {
      const entry = text.slice(text.indexOf(`### ${code}`)).split(/^### /m)[1] ?? '';
      const severity = DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES].severity;
      expect(entry, code).toContain(`Default severity: **${severity}**`);
    }
  });
});
