// Pure rules of canned responses: which `{{variables}}` a template uses, and rendering with every
// inserted value escaped so that it reads as literal text in markdown and in HTML.

/** SPEC §3: the variables a template may use. */
export const templateVariables = ['actor.name', 'ticket.number', 'ticket.subject', 'requester.name', 'queue.name'] as const;
export type TemplateVariable = (typeof templateVariables)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string>>;

/** Variables bound to a ticket: without one (the editor's preview) they render as placeholders. */
export const ticketVariables: readonly TemplateVariable[] = ['ticket.number', 'ticket.subject', 'requester.name', 'queue.name'];

// `{{name}}`, spaces inside the braces allowed; the name is whatever lies between them.
const VARIABLE = /\{\{([^{}]*)\}\}/g;

export type TemplateRef = { name: string; index: number; known: boolean };

const isVariable = (name: string): name is TemplateVariable => (templateVariables as readonly string[]).includes(name);

/** Every `{{…}}` of a template, in order, with whether it is a known variable. */
export function parseTemplate(body: string): TemplateRef[] {
  return [...body.matchAll(VARIABLE)].map((m) => {
    const name = m[1]!.trim();
    return { name, index: m.index, known: isVariable(name) };
  });
}

/** The distinct unknown variable names of a template, in order of first use. */
export const unknownVariables = (body: string): string[] => [...new Set(parseTemplate(body).filter((r) => !r.known).map((r) => r.name))];

// HTML's special characters become entities (CommonMark decodes them to the literal character and
// never reads them as structure); every other ASCII punctuation character gets a markdown backslash
// escape, which CommonMark allows for all of them and turns back into the literal character.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const PUNCTUATION = /[!-/:-@[-`{-~]/;
/** C0 and C1 controls (line breaks and tabs among them), DEL, and the Unicode line and paragraph separators. */
const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;

/**
 * A value as literal inline text, safe in markdown and HTML: line breaks, tabs and other control
 * characters become spaces (a value cannot start a heading, list, quote or code block on a line
 * of its own), the value is trimmed, `& < >` become entities and the rest of ASCII punctuation is
 * backslash-escaped (no emphasis, links, images, code spans, autolinks or raw HTML).
 */
export function escapeValue(value: string): string {
  let flat = '';
  for (const ch of value) flat += isControl(ch.codePointAt(0)!) ? ' ' : ch;
  let out = '';
  for (const ch of flat.trim()) {
    const entity = ENTITIES[ch];
    if (entity) out += entity;
    else if (PUNCTUATION.test(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/**
 * The template with each known variable replaced by its escaped value (a variable without a value
 * renders empty). Unknown `{{…}}` are left as they are: templates are checked when saved.
 */
export function renderTemplate(body: string, values: TemplateValues): string {
  return body.replace(VARIABLE, (whole, raw: string) => {
    const name = raw.trim();
    if (!isVariable(name)) return whole;
    return escapeValue(values[name] ?? '');
  });
}

/** The editor's preview without a ticket: ticket variables show as `[ticket.number]` placeholders. */
export function placeholderValues(): TemplateValues {
  return Object.fromEntries(ticketVariables.map((name) => [name, `[${name}]`]));
}
