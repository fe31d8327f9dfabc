import { describe, expect, it } from 'vitest';
import { childElements, parseXml, textOf } from './support/xmlParser.ts';

/** The checker the JUnit tests rely on must itself reject what is not well-formed. */
describe('the strict XML checker used by these tests', () => {
  it('reads elements, attributes, references and text', () => {
    const root = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1 &amp; &#10;2" y=\'q&quot;\'><b/>t&lt;&#x1F389;<!-- c --><![CDATA[<raw>]]></a>\n');
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1 & \n2', y: 'q"' });
    expect(childElements(root).map((e) => e.name)).toEqual(['b']);
    expect(textOf(root)).toBe('t<🎉<raw>');
  });

  it('normalises literal whitespace in attribute values, as parsers must', () => {
    expect(parseXml('<a v="x\ny\tz"/>').attributes['v']).toBe('x y z');
  });

  it.each([
    ['an unclosed element', '<a><b></a>'],
    ['a mismatched closing tag', '<a></b>'],
    ['two roots', '<a/><b/>'],
    ['text after the root', '<a/>x'],
    ['a raw ampersand', '<a>x & y</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a raw < in an attribute', '<a v="<"/>'],
    ['an unquoted attribute', '<a v=1/>'],
    ['a duplicate attribute', '<a v="1" v="2"/>'],
    ['attributes without space between them', '<a v="1"w="2"/>'],
    ['a control character', '<a>\u0001</a>'],
    ['a control character reference', '<a>&#1;</a>'],
    ['a lone surrogate', '<a>\ud800</a>'],
    [']]> in text', '<a>]]></a>'],
    ['-- in a comment', '<a><!-- x -- y --></a>'],
    ['a bad character reference', '<a>&#xZZ;</a>'],
    ['nothing', ''],
  ])('rejects %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});
