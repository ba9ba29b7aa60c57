// Template variables and escaping. Escaping is checked against the renderer the web uses
// (react-markdown, raw HTML skipped, sanitized): a value must come out as exactly its own text.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import { describe, expect, it } from 'vitest';
import { escapeValue, parseTemplate, placeholderValues, renderTemplate, templateVariables, unknownVariables } from './canned-response.rules.ts';

const html = (markdown: string): string => renderToStaticMarkup(createElement(Markdown, { rehypePlugins: [rehypeSanitize], skipHtml: true }, markdown));
/** What a browser shows as text for `s`, as HTML text. */
const asText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

/** A markdown renderer that does not drop raw HTML would turn `<` into a tag: none may be left. */
const hasRawMarkup = (escaped: string): boolean => /[<>]/.test(escaped) || /&(?!amp;|lt;|gt;)/.test(escaped);

const hostile = [
  '<img src=x onerror=alert(1)> **x**',
  '<script>alert(1)</script>',
  '**bold** _em_ *em* __b__ ~~s~~',
  '[click](javascript:alert(1))',
  '![img](https://evil.test/x.png)',
  '<https://evil.test>',
  '`code` ``more``',
  '# heading',
  '> quote',
  '- item',
  '+ item',
  '1. item',
  '1) item',
  '---',
  '===',
  '| a | b |',
  '\\*not escaped\\*',
  '&lt;img&gt; &amp; &#60;b&#62; &#x3C;',
  'a\nb\r\n# line\n    code\n> q',
  'tab\there',
  '  leading and trailing  ',
  '[ref]: https://evil.test',
  '[ref]',
  'Ünïcödé ✓ 日本語',
  '{{ticket.subject}}',
  'a\\',
  '"quotes" \'single\'',
  'https://evil.test/autolink www.evil.test',
  '<a href="javascript:alert(1)">x</a>',
  '&',
  '\u2028line\u2029sep\u0085nel\u0000nul',
];

describe('template variables', () => {
  it('finds each {{variable}}, with spaces inside the braces, known or not', () => {
    expect(parseTemplate('Hi {{ requester.name }}, re {{ticket.number}}: {{nope}} {{}}')).toEqual([
      { name: 'requester.name', index: 3, known: true },
      { name: 'ticket.number', index: 28, known: true },
      { name: 'nope', index: 47, known: false },
      { name: '', index: 56, known: false },
    ]);
    expect(parseTemplate('no variables, { single } {{ unclosed')).toEqual([]);
  });

  it('accepts exactly SPEC’s variables', () => {
    for (const v of templateVariables) expect(unknownVariables(`{{${v}}}`)).toEqual([]);
    expect(templateVariables).toEqual(['actor.name', 'ticket.number', 'ticket.subject', 'requester.name', 'queue.name']);
  });

  it('names each unknown variable once, in order', () => {
    expect(unknownVariables('{{ticket.status}} {{actor.email}} {{ticket.status}} {{Ticket.Number}} {{actor.name}}')).toEqual(['ticket.status', 'actor.email', 'Ticket.Number']);
    expect(unknownVariables('{{{actor.name}}}')).toEqual([]);
  });
});

describe('escaping a value', () => {
  it.each(hostile)('%j renders as its own literal text, one paragraph, no markup', (value) => {
    const escaped = escapeValue(value);
    const flat = [...value].map((ch) => (/[\p{Cc}\u2028\u2029]/u.test(ch) ? ' ' : ch)).join('').trim();
    expect(hasRawMarkup(escaped)).toBe(false);
    expect(html(escaped)).toBe(`<p>${asText(flat)}</p>`);
    // The same in the middle of a template line, and at the start of a line after a paragraph.
    expect(html(`Re: ${escaped} (thanks)`)).toBe(`<p>Re: ${asText(flat)} (thanks)</p>`);
    expect(html(`Hello\n${escaped}`)).toBe(`<p>Hello\n${asText(flat)}</p>`);
  });

  it('uses entities for & < > and backslashes for other punctuation', () => {
    expect(escapeValue('<img src=x onerror=alert(1)> **x**')).toBe('&lt;img src\\=x onerror\\=alert\\(1\\)&gt; \\*\\*x\\*\\*');
    expect(escapeValue('SD-00012')).toBe('SD\\-00012');
    expect(escapeValue('Tom & Jerry')).toBe('Tom &amp; Jerry');
    expect(escapeValue('plain words 123')).toBe('plain words 123');
  });

  it('flattens line breaks and control characters and trims', () => {
    expect(escapeValue('a\nb\r\nc\td\u0000e')).toBe('a b  c d e');
    expect(escapeValue('  x  ')).toBe('x');
  });
});

describe('rendering a template', () => {
  const values = { 'actor.name': 'Alice <b>', 'ticket.number': 'SD-00012', 'ticket.subject': '<img src=x onerror=alert(1)> **x**', 'requester.name': '[Bob](javascript:x)', 'queue.name': 'Billing' };

  it('substitutes every known variable, escaped, and keeps the template’s own markdown', () => {
    const out = renderTemplate('**Hi {{requester.name}}**,\n\nabout {{ ticket.number }} ({{ticket.subject}}) in {{queue.name}}.\n\n— {{actor.name}}', values);
    expect(out).toBe(
      '**Hi \\[Bob\\]\\(javascript\\:x\\)**,\n\nabout SD\\-00012 (&lt;img src\\=x onerror\\=alert\\(1\\)&gt; \\*\\*x\\*\\*) in Billing.\n\n— Alice &lt;b&gt;',
    );
    expect(html(out)).toBe(
      '<p><strong>Hi [Bob](javascript:x)</strong>,</p>\n<p>about SD-00012 (&lt;img src=x onerror=alert(1)&gt; **x**) in Billing.</p>\n<p>— Alice &lt;b&gt;</p>',
    );
  });

  it('renders a variable without a value empty and leaves unknown ones as written', () => {
    expect(renderTemplate('[{{queue.name}}] {{nope}}', {})).toBe('[] {{nope}}');
  });

  it('does not re-expand variables that a value contains', () => {
    expect(renderTemplate('{{ticket.subject}}', { 'ticket.subject': '{{actor.name}}' })).toBe('\\{\\{actor\\.name\\}\\}');
  });

  it('shows ticket variables as placeholders without a ticket', () => {
    expect(renderTemplate('{{ticket.number}} {{actor.name}}', { ...placeholderValues(), 'actor.name': 'Ada' })).toBe('\\[ticket\\.number\\] Ada');
  });
});
