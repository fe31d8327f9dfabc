import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/index.ts';
import { findPlaceholders, placeholderRange } from '../../src/checks/placeholders.ts';

describe('findPlaceholders', () => {
  it('finds identifiers in braces, counting repeats', () => {
    expect(findPlaceholders('Hi {name}, card {card_last4}; bye {name}')).toEqual([
      { name: 'name', offset: 3, occurrence: 0 },
      { name: 'card_last4', offset: 16, occurrence: 0 },
      { name: 'name', offset: 34, occurrence: 1 },
    ]);
  });

  it('leaves other braces alone', () => {
    expect(findPlaceholders('{ } {1,2} {a b} {}')).toEqual([]);
  });
});

describe('placeholderRange', () => {
  /** The YAML text the range of the placeholder (of the decoded `message`) covers. */
  const rangeText = (yaml: string, path: (string | number)[], message: string, index = 0) => {
    const source = parseYaml('f.yaml', yaml).source!;
    const range = placeholderRange(source, path, findPlaceholders(message)[index]!, message);
    return yaml.slice(range.start.offset, range.end.offset);
  };

  it('points at the placeholder in plain, quoted and block scalars', () => {
    expect(rangeText('say: Hello {name}!\n', ['say'], 'Hello {name}!')).toBe('{name}');
    expect(rangeText('say: "Hello \\"{name}\\""\n', ['say'], 'Hello "{name}"')).toBe('{name}');
    expect(rangeText("say: 'It''s {name}'\n", ['say'], "It's {name}")).toBe('{name}');
    expect(rangeText('say: |\n  Hello\n  {name}\n', ['say'], 'Hello\n{name}\n')).toBe('{name}');
  });

  it('finds the right one of repeated placeholders', () => {
    const yaml = 'say: "{a} and {a}"\n';
    const range = placeholderRange(parseYaml('f.yaml', yaml).source!, ['say'], findPlaceholders('{a} and {a}')[1]!, '{a} and {a}');
    expect(range.start).toMatchObject({ line: 1, column: 15 });
  });

  it('falls back to the whole message when escapes hide the placeholder', () => {
    expect(rangeText('say: "Hello \\x7Bname}"\n', ['say'], 'Hello {name}')).toBe('"Hello \\x7Bname}"');
  });

  it('works inside a list of messages', () => {
    expect(rangeText('say:\n  - first\n  - "second {x}"\n', ['say', 1], 'second {x}')).toBe('{x}');
  });
});
