import { describe, expect, it } from 'vitest';
import { escapeHtml, html, joinHtml, trustedHtml } from '../../src/format/simulationHtmlMarkup.ts';

describe('the html template tag', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const value = `</script><script>alert(1)</script>"'><img onerror>`;
    expect(html`<p title="${value}">${value}</p>`.text).toBe(
      '<p title="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img onerror&gt;">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img onerror&gt;</p>',
    );
  });

  it('inserts markup made by html as it is, arrays one after the other, and nothing for null, undefined and false', () => {
    const items = ['a&b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.text).toBe('<ul><li>a&amp;b</li><li>c</li></ul>0');
    expect(joinHtml([html`<b>x</b>`, 'y<'], ', ').text).toBe('<b>x</b>, y&lt;');
    expect(trustedHtml('<i>ours</i>').text).toBe('<i>ours</i>');
  });

  it('makes controls, lone surrogates and bidirectional overrides visible, and keeps other text', () => {
    expect(escapeHtml('a\u0000b\u001b[2J\u0085\r')).toBe('a\\u0000b\\u001b[2J\\u0085\\u000d');
    expect(escapeHtml('pay \u202eexe.pdf \u2066x\u2069 \u200f')).toBe('pay \\u202eexe.pdf \\u2066x\\u2069 \\u200f');
    expect(escapeHtml('broken \ud800 pair')).toBe('broken \\ud800 pair');
    expect(escapeHtml('tab\there\nnew line 🎉 café مرحبا')).toBe('tab\there\nnew line 🎉 café مرحبا');
  });
});
