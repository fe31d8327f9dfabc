/**
 * A small, strict XML 1.0 parser for checking that generated reports are
 * well-formed: one root element, matching tags, quoted unique attributes,
 * only the predefined entities and valid character references, no raw `<` or
 * `&` in text, no `]]>` in text, and only characters XML allows. Anything else
 * throws with the offset. No DTDs (reports never have one). Written as a
 * character scanner so that what it accepts is visible in the code.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
  }
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(text: string): XmlElement {
  return new Parser(text).document();
}

/** The element's text content, all descendants joined. */
export function textOf(node: XmlNode): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

/** Child elements with this name. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));
}

class Parser {
  private i = 0;

  constructor(private readonly s: string) {}

  document(): XmlElement {
    for (let k = 0; k < this.s.length; ) {
      const code = this.s.codePointAt(k)!;
      if (!isXmlChar(code) || (code >= 0xd800 && code <= 0xdfff)) throw new XmlSyntaxError(`character U+${code.toString(16)} is not allowed in XML`, k);
      k += code > 0xffff ? 2 : 1;
    }
    if (this.startsWith('<?xml')) this.declaration();
    this.misc();
    if (this.s[this.i] !== '<') throw new XmlSyntaxError('expected the root element', this.i);
    const root = this.element();
    this.misc();
    if (this.i !== this.s.length) throw new XmlSyntaxError('content after the root element', this.i);
    return root;
  }

  private declaration(): void {
    const end = this.s.indexOf('?>', this.i);
    if (end < 0) throw new XmlSyntaxError('unterminated XML declaration', this.i);
    const body = this.s.slice(this.i + 5, end);
    if (!body.startsWith(' version="1.0"')) throw new XmlSyntaxError('the XML declaration must start with version="1.0"', this.i);
    this.i = end + 2;
  }

  /** Whitespace, comments and processing instructions between top-level items. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<!--')) this.comment();
      else if (this.startsWith('<?')) this.processingInstruction();
      else return;
    }
  }

  private element(): XmlElement {
    this.expect('<');
    const name = this.name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.startsWith('/>')) {
        this.i += 2;
        return { name, attributes, children: [] };
      }
      if (this.s[this.i] === '>') {
        this.i++;
        break;
      }
      if (!hadSpace) throw new XmlSyntaxError('expected whitespace before an attribute', this.i);
      const attribute = this.name();
      if (Object.hasOwn(attributes, attribute)) throw new XmlSyntaxError(`duplicate attribute ${attribute}`, this.i);
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      attributes[attribute] = this.attributeValue();
    }
    const children: XmlNode[] = [];
    let text = '';
    for (;;) {
      if (this.i >= this.s.length) throw new XmlSyntaxError(`element <${name}> is not closed`, this.i);
      if (this.startsWith('</')) {
        this.i += 2;
        const closing = this.name();
        if (closing !== name) throw new XmlSyntaxError(`</${closing}> closes <${name}>`, this.i);
        this.skipSpace();
        this.expect('>');
        if (text !== '') children.push(text);
        return { name, attributes, children };
      }
      if (this.startsWith('<!--')) {
        this.comment();
      } else if (this.startsWith('<![CDATA[')) {
        const end = this.s.indexOf(']]>', this.i);
        if (end < 0) throw new XmlSyntaxError('unterminated CDATA section', this.i);
        text += this.s.slice(this.i + 9, end);
        this.i = end + 3;
      } else if (this.startsWith('<?')) {
        this.processingInstruction();
      } else if (this.s[this.i] === '<') {
        if (text !== '') children.push(text);
        text = '';
        children.push(this.element());
      } else if (this.s[this.i] === '&') {
        text += this.reference();
      } else {
        if (this.startsWith(']]>')) throw new XmlSyntaxError('`]]>` is not allowed in text', this.i);
        text += this.s[this.i];
        this.i++;
      }
    }
  }

  private attributeValue(): string {
    const quote = this.s[this.i];
    if (quote !== '"' && quote !== "'") throw new XmlSyntaxError('attribute values must be quoted', this.i);
    this.i++;
    let value = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) throw new XmlSyntaxError('unterminated attribute value', this.i);
      if (c === quote) {
        this.i++;
        return value;
      }
      if (c === '<') throw new XmlSyntaxError('`<` is not allowed in an attribute value', this.i);
      if (c === '&') {
        value += this.reference();
        continue;
      }
      // Attribute-value normalisation (XML 1.0, 3.3.3): literal whitespace becomes a space.
      value += c === '\n' || c === '\r' || c === '\t' ? ' ' : c;
      this.i++;
    }
  }

  private reference(): string {
    const start = this.i;
    const end = this.s.indexOf(';', this.i);
    if (end < 0 || end - start > 12) throw new XmlSyntaxError('`&` must start an entity or character reference', start);
    const body = this.s.slice(start + 1, end);
    this.i = end + 1;
    if (body.startsWith('#')) {
      const hex = body.startsWith('#x');
      const digits = body.slice(hex ? 2 : 1);
      if (digits === '' || ![...digits].every((d) => (hex ? isHexDigit(d) : isDigit(d)))) throw new XmlSyntaxError(`bad character reference &${body};`, start);
      const code = Number.parseInt(digits, hex ? 16 : 10);
      if (!isXmlChar(code)) throw new XmlSyntaxError(`character reference &${body}; is not an XML character`, start);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[body];
    if (value === undefined) throw new XmlSyntaxError(`unknown entity &${body};`, start);
    return value;
  }

  private comment(): void {
    const end = this.s.indexOf('-->', this.i + 4);
    if (end < 0) throw new XmlSyntaxError('unterminated comment', this.i);
    if (this.s.slice(this.i + 4, end).includes('--')) throw new XmlSyntaxError('`--` inside a comment', this.i);
    this.i = end + 3;
  }

  private processingInstruction(): void {
    const end = this.s.indexOf('?>', this.i);
    if (end < 0) throw new XmlSyntaxError('unterminated processing instruction', this.i);
    this.i = end + 2;
  }

  private name(): string {
    const start = this.i;
    const first = this.s[this.i];
    if (first === undefined || !isNameStart(first)) throw new XmlSyntaxError('expected a name', this.i);
    this.i++;
    while (this.i < this.s.length && isNameChar(this.s[this.i]!)) this.i++;
    return this.s.slice(start, this.i);
  }

  private skipSpace(): boolean {
    const start = this.i;
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i]!)) this.i++;
    return this.i > start;
  }

  private expect(text: string): void {
    if (!this.startsWith(text)) throw new XmlSyntaxError(`expected \`${text}\``, this.i);
    this.i += text.length;
  }

  private startsWith(text: string): boolean {
    return this.s.startsWith(text, this.i);
  }
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isHexDigit(c: string): boolean {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === ':' || c.charCodeAt(0) >= 0xc0;
}

function isNameChar(c: string): boolean {
  return isNameStart(c) || isDigit(c) || c === '-' || c === '.';
}
