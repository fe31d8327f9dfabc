import { describe, expect, it } from 'vitest';
import { compileTemplate, renderTemplate } from '../src/compile/template.ts';
import { AGENT, BANK_FILES, BANK_UTTERANCES } from './support/bank.ts';
import { converse, engineFor, yaml } from './support/workspace.ts';

describe('message templates', () => {
  const values = Object.assign(Object.create(null) as Record<string, string | number | boolean>, { name: 'Ada', amount: 1250.5, ok: true, zero: 0 });

  it('replaces placeholders with text, number and boolean values', () => {
    expect(renderTemplate(compileTemplate('{name} sent {amount}: {ok}, {zero} left'), [values])).toBe('Ada sent 1250.5: true, 0 left');
  });

  it('leaves unknown placeholders and braces that are not placeholders as written', () => {
    expect(renderTemplate(compileTemplate('Hi {nobody}, {name}! { } {1,2} {a-b}'), [values])).toBe('Hi {nobody}, Ada! { } {1,2} {a-b}');
  });

  it('looks names up in scope order, the first scope that has a value winning', () => {
    const first = { name: 'slot' };
    const second = { name: 'context', other: 'x' };
    expect(renderTemplate(compileTemplate('{name} {other}'), [first, undefined, second])).toBe('slot x');
  });

  it('returns a message without placeholders as is', () => {
    const template = compileTemplate('Plain text.');
    expect(template.parts).toBeUndefined();
    expect(renderTemplate(template, [values])).toBe('Plain text.');
  });
});

describe('messages in a conversation', () => {
  it('sends the greeting with context values when the session opens, once', () => {
    const session = engineFor(BANK_FILES, BANK_UTTERANCES).startSession({ context: { customer_name: 'Ada' } });
    const opening = session.open();

    expect(opening).toMatchObject({ turn: 0, messages: ['Hello Ada, how can I help?'], status: 'idle', fallback: false });
    expect(session.open()).toBe(opening);
    expect(session.turn('what is my balance').turn).toBe(1);
  });

  it('renders an unknown context variable as written', () => {
    const opening = engineFor(BANK_FILES, BANK_UTTERANCES).startSession().open();
    expect(opening.messages).toEqual(['Hello {customer_name}, how can I help?']);
  });

  it('renders slots and context variables in lists of messages, a slot before a context variable of the same name', () => {
    const flow = yaml`
      kind: flow
      version: 1
      id: greet
      title: Greet
      intents:
        hello: { examples: [hello] }
      slots:
        tier: { type: enum, values: { gold: [], standard: [] } }
      start: ask_tier
      nodes:
        ask_tier:
          say: ['Hi {customer_name}.', 'Your tier on file is {tier}.']
          ask: Which tier do you think you have?
          fill: tier
          next: bye
        bye:
          say: You said {tier}; we said {customer_name} is {tier}.
          end: done
    `;
    const engine = engineFor({ 'agent.yaml': AGENT, 'flows/greet.flow.yaml': flow }, { hello: 'hello' });
    const { turns } = converse(engine, ['hello', 'gold'], { context: { customer_name: 'Ada', tier: 'standard' } });

    // Before the slot is filled, {tier} is the context variable; after, the slot.
    expect(turns[0]!.messages).toEqual(['Hi Ada.', 'Your tier on file is standard.', 'Which tier do you think you have?']);
    expect(turns[1]!.messages).toEqual(['You said gold; we said Ada is gold.']);
  });

  it('does not take inherited object properties for values', () => {
    const flow = yaml`
      kind: flow
      version: 1
      id: proto
      title: Proto
      intents:
        hello: { examples: [hello] }
      start: only
      nodes:
        only:
          say: '{constructor} {toString} {__proto__}'
          end: done
    `;
    const engine = engineFor({ 'agent.yaml': AGENT, 'flows/proto.flow.yaml': flow }, { hello: 'hello' }, { allow: ['CQ210'] });
    expect(engine.startSession({ context: {} }).turn('hello').messages).toEqual(['{constructor} {toString} {__proto__}']);
  });
});
