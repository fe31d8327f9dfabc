import { describe, expect, it } from 'vitest';
import { flowLines } from './workspaceBuilder.ts';

const F = 'flows/test_flow.flow.yaml';

describe('CQ303 conflicting node roles', () => {
  it('reports a node that does two things, at the second role', () => {
    expect(flowLines('a:\n  ask: "Name?"\n  fill: answer\n  decide: card_freeze\n  next: z\nz:\n  end: done', ['CQ303'])).toEqual([
      `${F}:18:5 error CQ303 node \`a\` both asks a question (\`ask\`) and decides with a rules table (\`decide\`); a node does one thing: split it into two nodes joined by \`next\``,
    ]);
  });

  it('reports routing or asking on a node that finishes', () => {
    const found = flowLines('a:\n  say: bye\n  end: done\n  next: b\nb:\n  handoff: { queue: general }\n  action: cards.freeze', ['CQ303']);
    expect(found).toEqual([
      `${F}:18:5 error CQ303 node \`a\` ends the conversation (\`end\`), so its \`next\` is never followed; move it to a node of its own or remove it`,
      `${F}:21:5 error CQ303 node \`b\` hands the conversation over (\`handoff\`), so it cannot also run an action (\`action\`); move it to a node of its own or remove it`,
    ]);
  });

  it('reports handoff together with end once', () => {
    expect(flowLines('a:\n  handoff: { queue: general }\n  end: done', ['CQ303'])).toHaveLength(1);
  });

  it('reports question fields, routes and consent on nodes that do not use them', () => {
    const found = flowLines('a:\n  say: hi\n  retries: 1\n  consent: true\n  routes: { x: b }\nb:\n  decide: card_freeze\n  on_fail: c\n  next: c\nc:\n  end: done', ['CQ303']);
    expect(found.map((l) => l.replace(/^[^ ]+ /, ''))).toEqual([
      'error CQ303 node `a` has `retries` but asks no question (`ask`); `retries` only applies to a question',
      'error CQ303 node `a` is marked `consent: true` but asks no question; mark the question that asks for consent',
      'error CQ303 node `a` has `routes` but nothing to route on: only a question (`ask`), a decision (`decide`) or an action (`action`) gives a value; use `next`',
      'error CQ303 node `b` has `on_fail` but asks no question (`ask`); `on_fail` only applies to a question',
    ]);
  });

  it('accepts each role on its own, with the fields it uses', () => {
    const nodes = [
      'a:\n  say: hi\n  ask: "Agree?"\n  fill: agree\n  consent: true\n  retries: 1\n  reprompt: "Yes or no?"\n  on_fail: z\n  routes: { "true": b, "false": z }',
      'b:\n  decide: card_freeze\n  routes: { freeze: c, escalate: z }',
      'c:\n  action: cards.freeze\n  routes: { ok: d }\n  next: z',
      'd:\n  say: done\n  end: resolved',
      'z:\n  handoff: { queue: general, say: "Passing you on." }',
    ].join('\n');
    expect(flowLines(nodes, [])).toEqual([]);
  });
});

describe('CQ306 question without a slot', () => {
  it('reports an ask without fill', () => {
    expect(flowLines('a:\n  ask: "Anything else?"\n  next: z\nz:\n  end: done', ['CQ306'])).toEqual([
      `${F}:16:5 error CQ306 node \`a\` asks a question but has no \`fill\`, so the answer is not kept; name the slot it fills`,
    ]);
  });
});

describe('CQ301 dead ends', () => {
  it('reports a node that goes nowhere, at its key', () => {
    expect(flowLines('a:\n  say: hi\n  next: b\nb:\n  ask: "Name?"\n  fill: answer\n  on_fail: a', ['CQ301'])).toEqual([
      `${F}:18:3 error CQ301 node \`b\` has no \`next\`, \`end\`, \`handoff\` or \`routes\`, so the conversation gets stuck here`,
    ]);
  });

  it('reports a yes/no or enum question whose routes miss an answer and that has no `next`', () => {
    const nodes = 'a:\n  ask: "Agree?"\n  fill: agree\n  routes: { "true": b }\nb:\n  ask: "Colour?"\n  fill: colour\n  routes: { red: z }\nz:\n  end: done';
    expect(flowLines(nodes, ['CQ301'])).toEqual([
      `${F}:18:5 error CQ301 node \`a\` has no route for \`false\` and no \`next\`, so the conversation gets stuck here when the answer is \`false\`; add the missing routes or a \`next\``,
      `${F}:22:5 error CQ301 node \`b\` has no route for \`blue\` and no \`next\`, so the conversation gets stuck here when the answer is \`blue\`; add the missing routes or a \`next\``,
    ]);
  });

  it('leaves a partly routed question with a misspelt key to CQ305', () => {
    const nodes = 'a:\n  ask: "Agree?"\n  fill: agree\n  routes: { "true": z, "no": z }\nz:\n  end: done';
    expect(flowLines(nodes, ['CQ301', 'CQ305']).map((l) => l.split(' ')[2])).toEqual(['CQ305']);
  });

  it('accepts a partly routed question with a `next`, or one on an open-ended slot', () => {
    const nodes = 'a:\n  ask: "Agree?"\n  fill: agree\n  routes: { "true": b }\n  next: z\nb:\n  ask: "Name?"\n  fill: answer\n  routes: { bob: z }\nz:\n  end: done';
    expect(flowLines(nodes, ['CQ301'])).toEqual([]);
  });

  it('accepts nodes that route, end or hand over', () => {
    const nodes = 'a:\n  ask: "Colour?"\n  fill: colour\n  routes: { red: b, blue: c }\nb:\n  end: done\nc:\n  handoff: { queue: general }';
    expect(flowLines(nodes, ['CQ301'])).toEqual([]);
  });
});

describe('CQ300 unreachable nodes', () => {
  it('reports every node no path from start leads to', () => {
    const nodes = 'a:\n  say: hi\n  end: done\norphan:\n  say: never\n  next: orphan_child\norphan_child:\n  end: never';
    expect(flowLines(nodes, ['CQ300'])).toEqual([
      `${F}:18:3 warning CQ300 node \`orphan\` is never reached: no path from \`start\` (\`a\`) leads to it`,
      `${F}:21:3 warning CQ300 node \`orphan_child\` is never reached: no path from \`start\` (\`a\`) leads to it`,
    ]);
  });

  it('follows routes and on_fail', () => {
    const nodes = 'a:\n  ask: "Agree?"\n  fill: agree\n  on_fail: c\n  routes: { "true": b }\n  next: c\nb:\n  end: yes\nc:\n  handoff: { queue: general }';
    expect(flowLines(nodes, ['CQ300'])).toEqual([]);
  });

  it('stays quiet when start itself is unknown (reported once, as CQ217)', () => {
    const found = flowLines('a:\n  end: done\nb:\n  end: done', ['CQ300', 'CQ217'], { start: 'nowhere' });
    expect(found.map((l) => l.split(' ')[2])).toEqual(['CQ217']);
  });
});

describe('CQ302 cycles with no exit', () => {
  it('reports a loop that never reaches an end or handoff once, naming its nodes', () => {
    const nodes = 'a:\n  say: hi\n  next: b\nb:\n  decide: card_freeze\n  routes: { freeze: c, escalate: b }\nc:\n  action: cards.freeze\n  routes: { ok: b, failed: b }';
    const found = flowLines(nodes, ['CQ302']);
    expect(found).toEqual([
      `${F}:18:3 error CQ302 nodes \`b\` and \`c\` only lead to each other and never reach an \`end\` or a \`handoff\`, so a conversation that gets here never finishes`,
    ]);
  });

  it('reports a node that only leads back to itself', () => {
    expect(flowLines('a:\n  say: again\n  next: a', ['CQ302'])).toEqual([
      `${F}:15:3 error CQ302 node \`a\` only leads back to itself and never reaches an \`end\` or a \`handoff\`, so a conversation that gets here never finishes`,
    ]);
  });

  it('accepts a loop with a way out', () => {
    const nodes = 'a:\n  decide: card_freeze\n  routes: { freeze: b, escalate: z }\nb:\n  say: again\n  next: a\nz:\n  end: done';
    expect(flowLines(nodes, ['CQ302'])).toEqual([]);
  });

  it('accepts a loop through a question without on_fail: it can run out into the fallback handoff', () => {
    const nodes = 'a:\n  ask: "Name?"\n  fill: answer\n  next: b\nb:\n  say: "Again."\n  next: a';
    expect(flowLines(nodes, ['CQ302'])).toEqual([]);
  });

  it('reports a loop of questions whose on_fail stays inside the loop', () => {
    const nodes = 'a:\n  ask: "Name?"\n  fill: answer\n  on_fail: a\n  next: a';
    expect(flowLines(nodes, ['CQ302'])).toHaveLength(1);
  });

  it('leaves loops that start cannot reach to the unreachable-node check', () => {
    const nodes = 'a:\n  end: done\nb:\n  say: x\n  next: c\nc:\n  say: y\n  next: b';
    expect(flowLines(nodes, ['CQ302', 'CQ300']).map((l) => l.split(' ')[2])).toEqual(['CQ300', 'CQ300']);
  });
});

describe('CQ304 flow without intents', () => {
  it('warns at the id when there is no intents block', () => {
    expect(flowLines('a:\n  end: done', ['CQ304'], { intents: false })).toEqual([
      `${F}:3:5 warning CQ304 flow \`test_flow\` declares no intents, so nothing a customer says starts it; add an intent with examples`,
    ]);
  });
});

describe('CQ305 question routes on a value its slot cannot hold', () => {
  it('reports keys that are not true/false on a yes/no slot, suggesting the boolean', () => {
    const nodes = 'a:\n  ask: "Agree?"\n  fill: agree\n  routes: { "yes": b, "false": b }\nb:\n  end: done';
    expect(flowLines(nodes, ['CQ305'])).toEqual([
      `${F}:18:15 warning CQ305 node \`a\` routes on \`yes\`, but slot \`agree\` (a yes/no slot) only holds \`true\` and \`false\`; did you mean \`true\`?`,
    ]);
  });

  it('reports keys that are not enum values, with a suggestion', () => {
    const nodes = 'a:\n  ask: "Colour?"\n  fill: colour\n  routes: { red: b, blu: b }\nb:\n  end: done';
    expect(flowLines(nodes, ['CQ305'])).toEqual([
      `${F}:18:23 warning CQ305 node \`a\` routes on \`blu\`, but slot \`colour\` (an enum slot) only holds \`red\` and \`blue\`; did you mean \`blue\`?`,
    ]);
  });

  it('accepts true/false written unquoted, and any key on open-ended slots', () => {
    const nodes = 'a:\n  ask: "Agree?"\n  fill: agree\n  routes: { true: b, false: c }\nb:\n  ask: "Name?"\n  fill: answer\n  routes: { bob: c }\n  next: c\nc:\n  end: done';
    expect(flowLines(nodes, ['CQ305'])).toEqual([]);
  });
});
