/**
 * One escaping function per medium. Everything in a report can come from a merge request (plan
 * values, addresses, feature text, waiver reasons), so every renderer passes text through the
 * function of its medium; none escapes on its own. HTML and XML are escaped by their libraries.
 */

// C0 controls (ESC, CR, LF, BEL, ...), DEL, C1 controls (CSI 0x9b starts an escape sequence on
// some terminals), and the characters that reorder or break how a line is displayed: bidirectional
// embeddings, overrides and isolates, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/**
 * Text for a terminal or a CI log: every control character and bidirectional override is shown as
 * a visible escape (`\e`, `\r`, `\n`, `\u202e`), so a value can neither colour, move the cursor,
 * start a new line nor reorder what follows — it cannot forge a `PASS` line.
 */
export function terminalText(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (char) => NAMED_ESCAPES[char] ?? unicodeEscape(char));
}

// What JSON.stringify leaves raw but a terminal acts on: DEL, C1 controls, bidirectional controls.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * JSON for a file or a terminal (`--format json:-`, `plan show --json`): indented, newline-ended,
 * and with the characters JSON.stringify leaves raw but a terminal acts on written as `\uXXXX`
 * escapes (they can only occur inside strings, so the document parses to the same value).
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(JSON_UNSAFE, unicodeEscape)}\n`;
}

function unicodeEscape(char: string): string {
  return `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`;
}

// Markdown punctuation that starts inline syntax that could hide or dress up text: links and images
// ([ ]), code spans (`), emphasis (*), table cells (|), and the escape character itself. CommonMark
// lets any ASCII punctuation be escaped with a backslash; the rest is left alone to stay readable.
const MARKDOWN_PUNCTUATION = /[\\`*[\]|]/g;

// GitLab turns `@name` (and `@all`) into mentions and `#12`, `!12`, `~label`, `%milestone`, `$12`
// into references that notify or cross-link, even after a backslash; a zero-width space breaks them.
const GITLAB_REFERENCE = /([@#!~%$])(?=[\p{L}\p{N}_"'])/gu;

/**
 * Text for a Markdown paragraph, list item or table cell (a merge-request comment): link, image,
 * code and table syntax is escaped, HTML is entity-encoded, line breaks are collapsed, control
 * characters are shown as escapes, and mentions and references are broken with a zero-width space.
 */
export function markdownText(text: string): string {
  return terminalText(text.replace(/\s*[\r\n]+\s*/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_PUNCTUATION, (char) => `\\${char}`)
    .replace(GITLAB_REFERENCE, '$1\u200b');
}
