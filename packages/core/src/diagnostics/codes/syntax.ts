import { defineCodes } from './codeInfo.ts';

/** CQ1xx: the file itself, its YAML and its schema. */
export const syntaxCodes = defineCodes({
  CQ100: { title: 'YAML syntax error', severity: 'error', help: 'Fix the YAML at the marked position; the message says what the parser expected.' },
  CQ101: { title: 'Duplicate key', severity: 'error', help: 'A key appears twice in the same mapping; YAML keeps only one of them. Remove or rename one.' },
  CQ102: { title: 'File too large', severity: 'error', help: 'Files above the size limit are not parsed. Split the flow into several files.' },
  CQ103: { title: 'Not a text file', severity: 'error', help: 'The file contains binary data or bytes that are not valid UTF-8. Save it as UTF-8 text.' },
  CQ104: { title: 'Empty file', severity: 'warning', help: 'The file has no content. Add `kind` and `version`, or delete the file.' },
  CQ105: { title: 'Document too complex', severity: 'error', help: 'The document nests too deeply or expands too many aliases (a "billion laughs" shape). Write the values out plainly.' },
  CQ106: { title: 'Unknown or missing kind', severity: 'error', help: 'Every file starts with `kind:` (agent, flow, rules, policy or test).' },
  CQ107: { title: 'Unsupported format version', severity: 'error', help: 'The `version` is missing, or newer than this Colloquy understands. Upgrade Colloquy or use a supported version.' },
  CQ108: { title: 'Several documents in one file', severity: 'error', help: 'A file holds exactly one YAML document; move the others (after `---`) into their own files.' },
  CQ109: { title: 'Reserved key', severity: 'error', help: 'Keys such as `__proto__`, `constructor` and `prototype` are reserved. Rename the key.' },
  CQ110: { title: 'Missing field', severity: 'error', help: 'Add the required field named in the message.' },
  CQ111: { title: 'Unknown field', severity: 'error', help: 'The field is not part of this file kind (often a typo). The message suggests the closest known field.' },
  CQ112: { title: 'Wrong type', severity: 'error', help: 'The value has the wrong type (for example a list where a text is expected).' },
  CQ113: { title: 'Invalid value', severity: 'error', help: 'The value is not one of the allowed values or does not match the required format.' },
  CQ114: { title: 'Value out of bounds', severity: 'error', help: 'The value is too small, too large, too long or too short.' },
  CQ115: { title: 'File name does not match kind', severity: 'warning', help: 'Name files after their kind (`*.flow.yaml`, `*.rules.yaml`, `*.policy.yaml`, `*.test.yaml`, `agent.yaml`) so people and tools find them.' },
  CQ116: { title: 'Format migration failed', severity: 'error', help: 'The file uses an older format that could not be upgraded automatically. The message says which step failed.' },
});
