import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.ts';
import { SchemaValidator } from '../../src/schema/schemaValidator.ts';
import { loadFile } from '../../src/workspace/loadFile.ts';

const schemas = new SchemaValidator();
const lines = (path: string, text: string) => loadFile(path, text, schemas).diagnostics.map(formatDiagnostic);

const FLOW = (nodes: string) => `kind: flow
version: 1
id: card_lost
title: Lost card
start: ask_last4
nodes:
${nodes}`;

describe('schema diagnostics speak the designer\'s language', () => {
  it('names the node and suggests the field for a typo', () => {
    expect(lines('flows/a.flow.yaml', FLOW('  ask_last4:\n    ask: "Digits?"\n    nxt: done\n'))).toEqual([
      'flows/a.flow.yaml:9:5 error CQ111 Node `ask_last4` has an unknown field `nxt`; did you mean `next`?',
    ]);
  });

  it('explains a wrong type with the value found', () => {
    expect(lines('flows/a.flow.yaml', FLOW('  ask_last4:\n    ask: "Digits?"\n    retries: two\n'))).toEqual([
      'flows/a.flow.yaml:9:14 error CQ112 `retries` of node `ask_last4` must be a whole number, not the text `two`',
    ]);
  });

  it('points a missing field at the object that lacks it', () => {
    const [line] = lines('flows/a.flow.yaml', FLOW('  ask_last4:\n    handoff: { reason: x }\n'));
    expect(line).toMatch(/^flows\/a\.flow\.yaml:8:5 error CQ110 `handoff` of node `ask_last4` has no `queue`/);
  });

  it('reports a missing top-level field at the start of the file', () => {
    expect(lines('flows/a.flow.yaml', 'kind: flow\nversion: 1\nid: x\nstart: a\nnodes:\n  a: { end: done }\n')).toEqual([
      'flows/a.flow.yaml:1:1 error CQ110 The file has no `title` (a short human title)',
    ]);
  });

  it('lists allowed values and suggests the closest', () => {
    const [line] = lines('flows/a.flow.yaml', `${FLOW('  ask_last4: { end: done }\n')}risk: hihg\n`);
    expect(line).toBe('flows/a.flow.yaml:8:7 error CQ113 `risk` is `hihg`, but must be one of `low`, `medium`, `high`; did you mean `high`?');
  });

  it('explains invalid ids once, at the key', () => {
    expect(lines('flows/a.flow.yaml', FLOW('  Ask Last4: { end: done }\n'))).toEqual([
      'flows/a.flow.yaml:7:3 error CQ113 `Ask Last4` is not a valid name in `nodes`: use lower-case letters, digits and underscores, starting with a letter',
    ]);
  });

  it('collapses "text or list" alternatives into one message', () => {
    expect(lines('flows/a.flow.yaml', FLOW('  ask_last4:\n    say: { a: 1 }\n    end: done\n'))).toEqual([
      'flows/a.flow.yaml:8:10 error CQ112 `say` of node `ask_last4` must be a text or a list of texts, not a mapping',
    ]);
  });

  it('names test turns by test id and turn number', () => {
    const text = 'kind: test\nversion: 1\nid: s\ntests:\n  - id: happy\n    turns:\n      - user: hi\n        expect: { nod: x }\n';
    expect(lines('tests/s.test.yaml', text)).toEqual([
      'tests/s.test.yaml:8:19 error CQ111 `expect` in turn 1 of test `happy` has an unknown field `nod`; did you mean `node`?',
    ]);
  });

  it('rejects invalid regular expressions in slot patterns', () => {
    const text = `${FLOW('  ask_last4: { end: done }\n')}slots:\n  postcode: { type: pattern, pattern: "([a-z" }\n`;
    expect(lines('flows/a.flow.yaml', text)).toEqual([
      'flows/a.flow.yaml:9:39 error CQ113 `pattern` of slot `postcode` is not a valid regular expression',
    ]);
  });

  it('checks the policy check type', () => {
    const text = 'kind: policy\nversion: 1\nid: p\ntitle: P\nseverity: error\ncheck: { type: topic_handof, topics: [complaint] }\n';
    expect(lines('policies/p.policy.yaml', text)).toEqual([
      'policies/p.policy.yaml:6:16 error CQ113 `check.type` is `topic_handof`, but must be one of `topic_handoff`, `pii_consent`, `human_within_turns`; did you mean `topic_handoff`?',
    ]);
  });
});

describe('loading a file', () => {
  it('requires a known kind and suggests one', () => {
    expect(lines('a.yaml', 'kind: flwo\n')).toEqual([
      'a.yaml:1:7 error CQ106 `flwo` is not a file kind; use one of agent, flow, rules, policy, test; did you mean `flow`?',
    ]);
    expect(lines('a.yaml', 'id: x\n')[0]).toMatch(/CQ106 the file has no `kind`/);
    expect(lines('a.yaml', '- just\n- a list\n')[0]).toMatch(/CQ106/);
  });

  it('warns on an empty file', () => {
    expect(lines('a.flow.yaml', '')).toEqual(['a.flow.yaml:1:1 warning CQ104 the file is empty']);
  });

  it('refuses a version newer than supported, and a missing one', () => {
    expect(lines('a.flow.yaml', 'kind: flow\nversion: 9\n')[0]).toMatch(/CQ107 format version 9 is newer/);
    expect(lines('a.flow.yaml', 'kind: flow\n')[0]).toMatch(/CQ107 missing `version`/);
  });

  it('warns when the file name does not match the kind', () => {
    const text = 'kind: policy\nversion: 1\nid: p\ntitle: P\nseverity: error\ncheck: { type: pii_consent }\n';
    expect(lines('policies/p.rules.yaml', text)).toEqual([
      'policies/p.rules.yaml:1:7 warning CQ115 this policy file should be named `*.policy.yaml`',
    ]);
  });

  it('keeps the id of a broken file so references to it are not reported twice', () => {
    const result = loadFile('rules/t.rules.yaml', 'kind: rules\nversion: 1\nid: card_freeze\n', schemas);
    expect(result.file).toBeUndefined();
    expect(result.broken).toEqual({ path: 'rules/t.rules.yaml', kind: 'rules', id: 'card_freeze' });
  });
});
