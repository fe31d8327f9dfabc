import { describe, expect, it } from 'vitest';
import { AGENT, edit, lines, validate } from './workspaceBuilder.ts';

describe('the agent file', () => {
  it('CQ216: reports a workspace without agent.yaml at agent.yaml:1:1', () => {
    expect(lines(validate({ 'agent.yaml': null }), 'CQ216')).toEqual([
      "agent.yaml:1:1 error CQ216 the workspace has no `agent.yaml`; create one at the workspace root with the assistant's `name`, `language`, `nlu`, `fallback` and `queues`",
    ]);
  });

  it('CQ216: stays quiet when agent.yaml exists but is broken (its own errors say why)', () => {
    expect(lines(validate({ 'agent.yaml': 'kind: agent\nname: [\n' }), 'CQ216')).toEqual([]);
    expect(lines(validate({ 'agent.yaml': 'kind: agent\nversion: 1\n' }), 'CQ216')).toEqual([]);
  });

  it('CQ200: reports every agent file besides the root one, pointing at it', () => {
    const found = validate({ 'config/agent.yaml': AGENT }).filter((d) => d.code === 'CQ200');
    expect(found.map((d) => `${d.file}:${d.range.start.line}:${d.range.start.column} ${d.message}`)).toEqual([
      'config/agent.yaml:1:7 this is a second agent file, but a workspace has exactly one; agent.yaml is the one in use, so merge this one into it or delete it',
    ]);
    expect(found[0]!.related).toEqual([expect.objectContaining({ file: 'agent.yaml', message: 'the agent file in use' })]);
  });

  it('CQ208: the fallback handoff queue must be declared', () => {
    const agent = edit(AGENT, 'handoff: { queue: general }', 'handoff: { queue: generl }');
    expect(lines(validate({ 'agent.yaml': agent }), 'CQ208')).toEqual([
      'agent.yaml:10:21 error CQ208 the fallback hands over to queue `generl`, which is not declared under `queues`; did you mean `general`?',
    ]);
  });

  it('CQ212: an action default must be one of its outcomes', () => {
    const agent = edit(AGENT, 'default: ok', 'default: okay');
    expect(lines(validate({ 'agent.yaml': agent }), 'CQ212')).toEqual([
      'agent.yaml:15:52 error CQ212 the default outcome of action `cards.freeze` is `okay`, which is not one of its outcomes (`ok` and `failed`)',
    ]);
  });

  it('CQ218: approval rule topics must be declared', () => {
    const agent = edit(AGENT, 'when: { topics: [complaint] }', 'when: { topics: [complaint, complants] }');
    expect(lines(validate({ 'agent.yaml': agent }), 'CQ218')).toEqual([
      'agent.yaml:22:35 warning CQ218 approval rule 1 applies to topic `complants`, which is not declared under `topics`; did you mean `complaint`?',
    ]);
  });

  it('CQ210: greeting and fallback messages may only use context variables', () => {
    const agent = edit(AGENT, '"Hello! How can I help?"', '"Hello {tier} customer {card_last4}!"');
    expect(lines(validate({ 'agent.yaml': agent }), 'CQ210')).toEqual([
      'agent.yaml:5:34 error CQ210 the placeholder `{card_last4}` in `greeting` is not a context variable, and messages in agent.yaml can use nothing else, since no flow is running (known: `tier`)',
    ]);
  });
});
