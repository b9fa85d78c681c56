/**
 * Nesting depth of untrusted documents. Much of the tool walks values recursively (unknown-value
 * masks, module calls, policy documents), so a document nested thousands deep would overflow the
 * call stack far from where it was read. It is refused right after reading instead, with a message.
 */
import { GuardrailsError } from '../errors.js';
import { MAX_NESTING_DEPTH } from './limits.js';

/**
 * The deepest nesting of `[`/`{` in JSON text, counted without recursion in one pass that skips
 * strings; stops early once `limit` is exceeded. Only meaningful for text that parsed as JSON.
 */
export function jsonNestingExceeds(text: string, limit: number = MAX_NESTING_DEPTH): number | undefined {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Jump over a string with indexOf (much faster than a loop on plan text, mostly strings):
      // the closing quote is the first one preceded by an even number of backslashes.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end === -1) return undefined;
        let backslash = end - 1;
        while (text.charCodeAt(backslash) === 0x5c) backslash--;
        if ((end - 1 - backslash) % 2 === 0) break;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return undefined;
}

/** The deepest nesting of arrays and objects in a parsed value, measured without recursion; stops past `limit`. */
export function valueNestingExceeds(value: unknown, limit: number = MAX_NESTING_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** The error for a document nested deeper than the tool follows. */
export function tooDeepError(file: string, expected: string): GuardrailsError {
  return new GuardrailsError('INPUT_TOO_DEEP', `is nested more than ${MAX_NESTING_DEPTH} levels deep; expected ${expected}, which is never nested that deeply.`, {
    file,
    hint: 'Check that this is the intended file: real plans, sources and results nest a few dozen levels at most.',
  });
}
