/**
 * A policy written as `jsonencode({…})` rendered to a policy document with symbols (symbols.ts),
 * from its argument as evaluated from the sources. An unknown value may stand only where IAM
 * expects one string of a list: Sid, Action, Resource (and their Not forms), a principal
 * identifier or a condition value. Anywhere else (Effect, Version, a whole principal, a condition
 * block, a statement) its shape would be guessed, so the document is not rendered.
 */
import { parsePolicy } from './policy.js';
import { symbolMarker } from './symbols.js';
import type { RenderResult } from './render.js';

/** The name of the unknown value `value` stands for, or undefined when it is a JSON value. */
export type SymbolOf = (value: unknown) => string | undefined;

const STRING_ELEMENTS = new Set(['Sid', 'Action', 'NotAction', 'Resource', 'NotResource']);
const PRINCIPAL_ELEMENTS = new Set(['Principal', 'NotPrincipal']);

class NotRenderable extends Error {}

/** Renders the evaluated argument of `jsonencode` to a policy document, unknown values held as symbols. */
export function renderEncodedPolicy(value: unknown, symbolOf: SymbolOf): RenderResult {
  const symbols = new Map<string, string>();
  try {
    const raw = withMarkers(value, [], symbolOf, symbols);
    const parsed = parsePolicy(raw);
    if (!parsed.ok) return parsed;
    if (symbols.size === 0) return parsed;
    return { ok: true, document: { ...parsed.document, statements: parsed.document.statements.map((statement) => ({ ...statement, symbols })) } };
  } catch (error) {
    if (error instanceof NotRenderable) return { ok: false, reason: error.message };
    throw error;
  }
}

function withMarkers(value: unknown, path: readonly string[], symbolOf: SymbolOf, symbols: Map<string, string>): unknown {
  const name = symbolOf(value);
  if (name !== undefined) {
    if (!holdsOneString(path)) throw new NotRenderable(`${name} is known only after apply and stands where its shape matters (${path.join('.') || 'the document'})`);
    const marker = symbolMarker(symbols.size);
    symbols.set(marker, name);
    return marker;
  }
  if (Array.isArray(value)) return value.map((item) => withMarkers(item, path, symbolOf, symbols));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withMarkers(item, [...path, key], symbolOf, symbols)]));
  }
  return value;
}

/** True at a path (array indexes left out) where IAM reads a string or a list of strings. */
function holdsOneString(path: readonly string[]): boolean {
  // A single statement may stand for the list: `Statement = {…}`.
  if (path[0] !== 'Statement') return false;
  const [, element, ...rest] = path;
  if (element === undefined) return false;
  if (STRING_ELEMENTS.has(element)) return rest.length === 0;
  if (PRINCIPAL_ELEMENTS.has(element)) return rest.length === 1;
  if (element === 'Condition') return rest.length === 2;
  return false;
}
