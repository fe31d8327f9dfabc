import { describe, expect, it } from 'vitest';
import { rulesTableDiagnostics } from '../../src/rules/analyseRulesTable.ts';
import { check, codes, loadRules, rulesYaml, textAt } from './helpers.ts';

const CARD_INPUTS = `
inputs:
  - { name: fraud_score, type: number, min: 0, max: 1 }
  - { name: tier, type: string, values: [gold, silver, bronze] }
outputs:
  - { name: route, type: string, values: [escalate, freeze, allow] }
`;

function cardTable(policy: string, rules: string): string {
  return rulesYaml(policy, `${CARD_INPUTS}rules:\n${rules.replace(/^\n/, '')}`);
}

describe('analyseRulesTable: a sound table', () => {
  it('reports nothing for a complete, non-overlapping unique table', () => {
    const yaml = cardTable(
      'unique',
      `
  - { when: { fraud_score: ">= 0.8" }, then: { route: escalate } }
  - { when: { fraud_score: "[0.5..0.8)", tier: '"gold", "silver"' }, then: { route: freeze } }
  - { when: { fraud_score: "[0.5..0.8)", tier: '"bronze"' }, then: { route: escalate } }
  - { when: { fraud_score: "< 0.5" }, then: { route: allow } }
`,
    );
    expect(check(yaml)).toEqual([]);
  });

  it('a first table ending in a catch-all row has no gap and nothing shadowed', () => {
    const yaml = cardTable(
      'first',
      `
  - { when: { fraud_score: ">= 0.8" }, then: { route: escalate } }
  - { when: { tier: '"gold"' }, then: { route: freeze } }
  - { then: { route: allow } }
`,
    );
    expect(check(yaml)).toEqual([]);
  });
});

describe('analyseRulesTable: cells', () => {
  it('places a FEEL syntax error on the offending characters inside a YAML-quoted cell', () => {
    const yaml = cardTable('first', `  - { when: { tier: '"gold" "silver"' }, then: { route: freeze } }\n  - { then: { route: allow } }\n`);
    const [error] = check(yaml).filter((d) => d.code === 'CQ400');
    expect(error?.message).toBe('FEEL syntax error in `tier` of row 1: unexpected `"silver"`');
    expect(textAt(yaml, error!)).toBe('"silver"');
  });

  it('maps positions through YAML escapes in a double-quoted cell', () => {
    const yaml = cardTable('first', `  - { when: { tier: "\\"gold\\" \\"silver\\"" }, then: { route: freeze } }\n  - { then: { route: allow } }\n`);
    const [error] = check(yaml).filter((d) => d.code === 'CQ400');
    expect(textAt(yaml, error!)).toBe('\\"silver\\"');
  });

  it('places an error in a plain cell', () => {
    const yaml = cardTable('first', `  - when:\n      fraud_score: < 0.5,\n    then: { route: allow }\n  - { then: { route: allow } }\n`);
    const [error] = check(yaml).filter((d) => d.code === 'CQ400');
    expect(textAt(yaml, error!)).toBe(',');
    expect(error!.range.start.line).toBe(12);
  });

  it('reports a type mismatch and a text outside the declared values', () => {
    const yaml = cardTable('first', `  - { when: { fraud_score: '"high"', tier: '"platinum", "gold"' }, then: { route: freeze } }\n  - { then: { route: allow } }\n`);
    const mismatches = check(yaml).filter((d) => d.code === 'CQ401');
    expect(mismatches.map((d) => d.message)).toEqual([
      '`"high"` in `fraud_score` of row 1 is a text, but `fraud_score` holds numbers',
      '"platinum" in `tier` of row 1 is not one of the declared values (`gold`, `silver` and `bronze`)',
    ]);
    expect(mismatches.map((d) => textAt(yaml, d))).toEqual(['"high"', '"platinum"']);
  });

  it('suggests the closest declared value', () => {
    const yaml = cardTable('first', `  - { when: { tier: '"slver"' }, then: { route: freeze } }\n  - { then: { route: allow } }\n`);
    expect(check(yaml).find((d) => d.code === 'CQ401')?.hint).toBe('did you mean "silver"?');
  });

  it('explains a bare word whose YAML quotes were taken for FEEL quotes', () => {
    const yaml = cardTable('first', `  - { when: { tier: "gold" }, then: { route: freeze } }\n  - { then: { route: allow } }\n`);
    const [bare] = check(yaml).filter((d) => d.code === 'CQ407');
    expect(bare?.message).toBe('`gold` is a bare word in `tier` of row 1: FEEL reads it as a variable name, not as text');
    expect(bare?.hint).toBe(`write '"gold"' (the YAML quotes are not part of the cell: FEEL needs its own)`);
    expect(textAt(yaml, bare!)).toBe('gold');
  });

  it('a bare word in an unquoted YAML cell is underlined exactly', () => {
    const yaml = cardTable('first', `  - { when: { tier: gold }, then: { route: freeze } }\n  - { then: { route: allow } }\n`);
    const [bare] = check(yaml).filter((d) => d.code === 'CQ407');
    expect(bare?.hint).toBe(`write '"gold"'`);
    expect(textAt(yaml, bare!)).toBe('gold');
  });
});

describe('analyseRulesTable: rows and columns', () => {
  it('unknown inputs and outputs, wrong and undeclared output values, missing outputs', () => {
    const yaml = rulesYaml(
      'first',
      `
inputs:
  - { name: score, type: number }
outputs:
  - { name: route, type: string, values: [allow, review] }
  - { name: wait, type: number }
rules:
  - { when: { scor: "> 1" }, then: { route: alow, wait: 1 } }
  - { when: { score: "> 1" }, then: { route: 5, wait: 1, extra: true } }
  - { when: { score: "<= 1" }, then: { route: allow } }
`,
    );
    const diagnostics = check(yaml);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['CQ405', 'row 1 tests `scor`, which is not an input of this table; did you mean `score`?'],
      ['CQ406', 'row 1 sets `route` to `alow`, which is not among its values (`allow` and `review`); did you mean `allow`?'],
      ['CQ406', 'row 2 sets `route` to `5`, but `route` holds text'],
      ['CQ405', 'row 2 sets `extra`, which is not an output of this table (known: `route` and `wait`)'],
      ['CQ409', 'row 3 gives no value for output `wait`'],
    ]);
    expect(textAt(yaml, diagnostics[0]!)).toBe('scor');
    expect(textAt(yaml, diagnostics[1]!)).toBe('alow');
  });

  it('column declarations that cannot work', () => {
    const yaml = rulesYaml(
      'first',
      `
inputs:
  - { name: score, type: number, min: 5, max: 1 }
  - { name: score, type: string, min: 0 }
  - { name: vip, type: boolean, values: [yes] }
outputs:
  - { name: route, type: string, values: [allow, 3] }
rules:
  - { then: { route: allow } }
`,
    );
    expect(codes(check(yaml))).toEqual(['CQ410', 'CQ410', 'CQ410', 'CQ410', 'CQ410']);
  });

  it('priority needs an ordered first output', () => {
    const yaml = rulesYaml('priority', `\ninputs:\n  - { name: score, type: number }\noutputs:\n  - { name: route, type: string }\nrules:\n  - { then: { route: allow } }\n`);
    const [d] = check(yaml);
    expect(d?.code).toBe('CQ412');
    expect(textAt(yaml, d!)).toBe('priority');
  });

  it('a row whose cell excludes every value of its input can never match', () => {
    const yaml = cardTable('first', `  - { when: { fraud_score: "> 1" }, then: { route: escalate } }\n  - { then: { route: allow } }\n`);
    const [never] = check(yaml);
    expect(never?.code).toBe('CQ411');
    expect(never?.message).toBe('row 1 can never match: its `fraud_score` cell excludes every value `fraud_score` can take');
    expect(never?.hint).toBe('`fraud_score` is declared from 0 to 1');
    expect(textAt(yaml, never!)).toBe('"> 1"');
  });
});

describe('analyseRulesTable: overlapping rows (unique)', () => {
  it('names both rows, an example of the shared inputs, and links the earlier row', () => {
    const yaml = cardTable(
      'unique',
      `
  - id: high_risk
    when: { fraud_score: ">= 0.8" }
    then: { route: escalate }
  - { when: { fraud_score: "[0.5..0.9)", tier: '"gold"' }, then: { route: freeze } }
  - { when: { fraud_score: "< 0.8" }, then: { route: allow } }
`,
    );
    const overlaps = check(yaml).filter((d) => d.code === 'CQ402');
    expect(overlaps.map((d) => d.message)).toEqual([
      'row 2 and row 1 (`high_risk`) both match fraud_score in [0.8..0.9), tier = "gold"',
      'row 3 and row 2 both match fraud_score in [0.5..0.8), tier = "gold"',
    ]);
    expect(overlaps[0]!.related?.map((r) => textAt(yaml, { ...overlaps[0]!, range: r.range }))).toEqual(['high_risk']);
  });

  it('does not report rows that only touch at an open end, or differ in another column', () => {
    const yaml = cardTable(
      'unique',
      `
  - { when: { fraud_score: "[0..0.5)" }, then: { route: allow } }
  - { when: { fraud_score: "[0.5..1]", tier: '"gold"' }, then: { route: freeze } }
  - { when: { fraud_score: "[0.5..1]", tier: 'not("gold")' }, then: { route: escalate } }
`,
    );
    expect(check(yaml)).toEqual([]);
  });

  it('is not a problem under first', () => {
    const yaml = cardTable('first', `  - { when: { fraud_score: ">= 0.5" }, then: { route: freeze } }\n  - { when: { fraud_score: "<= 0.5" }, then: { route: allow } }\n`);
    expect(check(yaml)).toEqual([]);
  });

  it('does not guess about unmodelled cells', () => {
    const yaml = cardTable(
      'unique',
      `
  - { when: { tier: 'starts with(?, "g")' }, then: { route: freeze } }
  - { when: { tier: '"gold"' }, then: { route: escalate } }
  - { when: { tier: 'not("gold")' }, then: { route: allow } }
`,
    );
    expect(check(yaml)).toEqual([]);
  });
});

describe('analyseRulesTable: shadowed rows (first)', () => {
  it('finds a row hidden by the union of earlier rows, none of which covers it alone', () => {
    const yaml = cardTable(
      'first',
      `
  - { when: { fraud_score: "< 0.5" }, then: { route: allow } }
  - { when: { fraud_score: ">= 0.5", tier: '"gold", "silver"' }, then: { route: freeze } }
  - { when: { fraud_score: ">= 0.5", tier: '"bronze"' }, then: { route: escalate } }
  - { when: { tier: '"gold"' }, then: { route: escalate } }
`,
    );
    const [shadowed] = check(yaml).filter((d) => d.code === 'CQ403');
    expect(shadowed?.message).toBe('row 4 never fires: rows 1 and 2 together match every input it matches, and hit policy `first` takes the earliest row');
    expect(shadowed?.related).toHaveLength(2);
  });

  it('does not report a row that still wins for some inputs', () => {
    const yaml = cardTable(
      'first',
      `
  - { when: { fraud_score: "< 0.5" }, then: { route: allow } }
  - { when: { fraud_score: "> 0.5", tier: '"gold"' }, then: { route: freeze } }
  - { when: { tier: '"gold"' }, then: { route: escalate } }
  - { then: { route: allow } }
`,
    );
    // Row 3 still wins for fraud_score = 0.5 and tier "gold".
    expect(check(yaml)).toEqual([]);
  });

  it('does not let an unmodelled earlier row hide anything', () => {
    const yaml = cardTable('first', `  - { when: { tier: 'starts with(?, "g")' }, then: { route: freeze } }\n  - { when: { tier: '"gold"' }, then: { route: escalate } }\n  - { then: { route: allow } }\n`);
    expect(check(yaml)).toEqual([]);
  });
});

describe('analyseRulesTable: gaps', () => {
  it('gives a concrete uncovered combination and a row to add', () => {
    const yaml = cardTable(
      'unique',
      `
  - { when: { fraud_score: ">= 0.8" }, then: { route: escalate } }
  - { when: { fraud_score: "[0.5..0.8)", tier: '"gold"' }, then: { route: freeze } }
  - { when: { fraud_score: "< 0.5" }, then: { route: allow } }
`,
    );
    const [gap] = check(yaml);
    expect(gap?.code).toBe('CQ404');
    expect(gap?.message).toBe('no row matches fraud_score in [0.5..0.8), tier in ["silver", "bronze"]');
    expect(gap?.hint).toBe(`add a row with \`when: { fraud_score: '[0.5..0.8)', tier: '"silver", "bronze"' }\`, or a final catch-all row`);
    expect(textAt(yaml, gap!)).toBe('rules');
  });

  it('treats an undeclared number range as the whole number line', () => {
    const yaml = rulesYaml('first', `\ninputs:\n  - { name: age, type: number }\noutputs:\n  - { name: route, type: string }\nrules:\n  - { when: { age: ">= 18" }, then: { route: adult } }\n  - { when: { age: "[0..18)" }, then: { route: minor } }\n`);
    expect(check(yaml).map((d) => d.message)).toEqual(['no row matches age < 0']);
  });

  it('an open text column always has "any other text"', () => {
    const yaml = rulesYaml('first', `\ninputs:\n  - { name: channel, type: string }\noutputs:\n  - { name: route, type: string }\nrules:\n  - { when: { channel: '"chat", "phone"' }, then: { route: a } }\n`);
    expect(check(yaml).map((d) => d.message)).toEqual(['no row matches channel not in ["chat", "phone"]']);
  });

  it('yes/no columns', () => {
    const yaml = rulesYaml('first', `\ninputs:\n  - { name: vip, type: boolean }\noutputs:\n  - { name: route, type: string }\nrules:\n  - { when: { vip: true }, then: { route: a } }\n`);
    expect(check(yaml).map((d) => d.message)).toEqual(['no row matches vip = false']);
  });

  it('reports at most three gaps and says when there are more', () => {
    const rows = [0, 2, 4, 6, 8].map((n) => `  - { when: { score: "${n}" }, then: { route: a } }`).join('\n');
    const yaml = rulesYaml('first', `\ninputs:\n  - { name: score, type: number, min: 0, max: 8 }\noutputs:\n  - { name: route, type: string }\nrules:\n${rows}\n`);
    const gaps = check(yaml).filter((d) => d.code === 'CQ404');
    expect(gaps.map((d) => d.message)).toEqual(['no row matches score in (0..2)', 'no row matches score in (2..4)', 'no row matches score in (4..6) (and there are more gaps)']);
  });

  it('does not report a gap an unmodelled row might cover', () => {
    const yaml = cardTable('first', `  - { when: { fraud_score: ">= 0.5" }, then: { route: freeze } }\n  - { when: { fraud_score: "? < 0.5" }, then: { route: allow } }\n`);
    expect(check(yaml)).toEqual([]);
  });
});

describe('analyseRulesTable: large tables', () => {
  it('says which checks it could not finish, and still reports what it found', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `  - { when: { a: "[${i}..${i + 2}]", b: "-" }, then: { route: r } }`).join('\n');
    const yaml = rulesYaml('unique', `\ninputs:\n  - { name: a, type: number }\n  - { name: b, type: number }\noutputs:\n  - { name: route, type: string }\nrules:\n${rows}\n`);
    const file = loadRules(yaml);
    const complete = rulesTableDiagnostics(file, { overlaps: 1e9, shadows: 1e9, gaps: 1e9 });
    expect(complete.some((d) => d.code === 'CQ408')).toBe(false);
    const limited = rulesTableDiagnostics(file, { overlaps: 100, shadows: 100, gaps: 10 });
    const info = limited.find((d) => d.code === 'CQ408');
    expect(info?.severity).toBe('info');
    expect(info?.message).toBe('the table has too many input combinations to analyse completely; not fully checked: overlaps, gaps');
    const found = limited.filter((d) => d.code === 'CQ402').length;
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(complete.filter((d) => d.code === 'CQ402').length);
  });
});
