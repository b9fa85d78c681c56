/**
 * Locates the first JSON syntax error in a text. Only used after JSON.parse has failed: the
 * engine's message differs between Node versions (and Node 20 gives no position for an
 * unexpected token), so the position, the expectation and "ended too early" come from here.
 * Iterative (an explicit container stack) so deeply nested input cannot overflow the call stack.
 */

/** Where and why a text stops being JSON. */
export interface JsonSyntaxProblem {
  /** Offset (UTF-16 code units) of the first offending character, or the text length when it ended early. */
  readonly offset: number;
  /** What a JSON reader expected at that point, e.g. `',' or '}'`. */
  readonly expected: string;
  /** True when the text ended before the JSON value was complete (a truncated file). */
  readonly endOfInput: boolean;
}

type Mode = 'value' | 'firstValueOrClose' | 'key' | 'firstKeyOrClose' | 'after';

const EXPECTED_BY_MODE: Readonly<Record<Exclude<Mode, 'after'>, string>> = {
  value: 'a value',
  firstValueOrClose: "a value or ']'",
  key: 'a property name in double quotes',
  firstKeyOrClose: "a property name in double quotes or '}'",
};

/** Returns the first syntax problem of `text`, or undefined when it is one valid JSON document. */
export function locateJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const length = text.length;
  const stack: ('{' | '[')[] = [];
  let mode: Mode = 'value';
  let i = 0;
  for (;;) {
    i = skipWhitespace(text, i);
    if (i >= length) {
      if (mode === 'after' && stack.length === 0) return undefined;
      return { offset: length, expected: expectationAfter(mode, stack), endOfInput: true };
    }
    const c = text[i];
    if (mode === 'after') {
      const top = stack.at(-1);
      if (top === undefined) return { offset: i, expected: 'the end of the input (only one JSON document is allowed)', endOfInput: false };
      if (c === ',') {
        mode = top === '{' ? 'key' : 'value';
        i++;
      } else if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
        stack.pop();
        i++;
      } else {
        return { offset: i, expected: expectationAfter(mode, stack), endOfInput: false };
      }
      continue;
    }
    if (mode === 'key' || mode === 'firstKeyOrClose') {
      if (mode === 'firstKeyOrClose' && c === '}') {
        stack.pop();
        mode = 'after';
        i++;
        continue;
      }
      if (c !== '"') return { offset: i, expected: EXPECTED_BY_MODE[mode], endOfInput: false };
      const key = scanString(text, i);
      if (typeof key !== 'number') return key;
      i = skipWhitespace(text, key);
      if (i >= length) return { offset: length, expected: "':'", endOfInput: true };
      if (text[i] !== ':') return { offset: i, expected: "':' after the property name", endOfInput: false };
      mode = 'value';
      i++;
      continue;
    }
    // mode is 'value' or 'firstValueOrClose'
    if (mode === 'firstValueOrClose' && c === ']') {
      stack.pop();
      mode = 'after';
      i++;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      mode = c === '{' ? 'firstKeyOrClose' : 'firstValueOrClose';
      i++;
      continue;
    }
    const end = scanScalar(text, i, EXPECTED_BY_MODE[mode]);
    if (typeof end !== 'number') return end;
    i = end;
    mode = 'after';
  }
}

function expectationAfter(mode: Mode, stack: readonly ('{' | '[')[]): string {
  if (mode !== 'after') return EXPECTED_BY_MODE[mode];
  const top = stack.at(-1);
  if (top === '{') return "',' or '}' after a property value";
  if (top === '[') return "',' or ']' after an array element";
  return 'the end of the input';
}

function skipWhitespace(text: string, start: number): number {
  let i = start;
  for (;;) {
    const c = text.charCodeAt(i);
    // space, tab, line feed, carriage return: the only whitespace JSON allows
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else return i;
  }
}

/** Scans a string, number or literal starting at `start`; returns its end offset or the problem. */
function scanScalar(text: string, start: number, expected: string): number | JsonSyntaxProblem {
  const c = text[start];
  if (c === '"') return scanString(text, start);
  if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return scanNumber(text, start);
  for (const literal of ['true', 'false', 'null']) {
    if (c !== literal[0]) continue;
    for (let k = 1; k < literal.length; k++) {
      if (start + k >= text.length) return { offset: text.length, expected: `'${literal}'`, endOfInput: true };
      if (text[start + k] !== literal[k]) return { offset: start, expected: `${expected} (a bare word is not JSON: text needs double quotes)`, endOfInput: false };
    }
    return start + literal.length;
  }
  return { offset: start, expected, endOfInput: false };
}

const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function scanString(text: string, start: number): number | JsonSyntaxProblem {
  let i = start + 1;
  for (;;) {
    if (i >= text.length) return { offset: text.length, expected: 'the closing \'"\' of a string', endOfInput: true };
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { offset: i, expected: 'an escaped control character (a raw line break or tab is not allowed in a string)', endOfInput: false };
    if (code !== 0x5c) {
      i++;
      continue;
    }
    const escaped = text[i + 1];
    if (escaped === undefined) return { offset: text.length, expected: 'an escape sequence', endOfInput: true };
    if (SIMPLE_ESCAPES.has(escaped)) {
      i += 2;
      continue;
    }
    if (escaped !== 'u') return { offset: i + 1, expected: 'a valid escape sequence', endOfInput: false };
    for (let k = 2; k < 6; k++) {
      const hex = text[i + k];
      if (hex === undefined) return { offset: text.length, expected: 'four hex digits after \\u', endOfInput: true };
      if (!/[0-9a-fA-F]/.test(hex)) return { offset: i + k, expected: 'four hex digits after \\u', endOfInput: false };
    }
    i += 6;
  }
}

function scanNumber(text: string, start: number): number | JsonSyntaxProblem {
  let i = start;
  if (text[i] === '-') i++;
  const integer = scanDigits(text, i, false);
  if (typeof integer !== 'number') return integer;
  // A leading zero stands alone: "01" is not JSON.
  i = text[i] === '0' ? i + 1 : integer;
  if (text[i] === '.') {
    const fraction = scanDigits(text, i + 1, true);
    if (typeof fraction !== 'number') return fraction;
    i = fraction;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    const exponent = scanDigits(text, i, true);
    if (typeof exponent !== 'number') return exponent;
    i = exponent;
  }
  return i;
}

/** Scans one or more digits; `afterMark` words the expectation for fraction and exponent parts. */
function scanDigits(text: string, start: number, afterMark: boolean): number | JsonSyntaxProblem {
  let i = start;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  if (i > start) return i;
  const expected = afterMark ? 'a digit in the number' : 'a digit';
  return { offset: start, expected, endOfInput: start >= text.length };
}
