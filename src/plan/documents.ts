/**
 * Attributes that hold a JSON document as a string (`policy`, `assume_role_policy`,
 * `event_pattern`, ...). Each (resource, path) is parsed once and cached for the life of the
 * resource object, so many guardrails can read the same policy cheaply.
 */
import type { ResourceInstance, TriValue } from './types.js';
import { readValue } from './values.js';

/**
 * The known value returned for a string that is not valid JSON: the text is kept so a finding can
 * quote it, and `invalidJson: true` lets a check fail it instead of mistaking it for a document.
 */
export interface InvalidJsonDocument {
  readonly invalidJson: true;
  readonly text: string;
  /** The parser's complaint, e.g. `Unexpected token 'a'`. */
  readonly error: string;
}

const cache = new WeakMap<ResourceInstance, Map<string, TriValue>>();

/**
 * Reads an attribute holding a JSON document as a string (policy, assume_role_policy, event_pattern...),
 * parsed once and cached. Known value: the parsed document; a value that is already an object is
 * returned as is; a string that is not JSON gives an InvalidJsonDocument. Unknown and absent pass through.
 */
export function readDocument(resource: ResourceInstance, path: string): TriValue {
  let perResource = cache.get(resource);
  if (!perResource) {
    perResource = new Map();
    cache.set(resource, perResource);
  }
  const cached = perResource.get(path);
  if (cached) return cached;
  const raw = readValue(resource, path);
  const result = raw.state === 'known' && typeof raw.value === 'string' ? { state: 'known' as const, value: parseDocument(raw.value) } : raw;
  perResource.set(path, result);
  return result;
}

/** True when a document value is the marker for a string that was not JSON. */
export function isInvalidJsonDocument(value: unknown): value is InvalidJsonDocument {
  return typeof value === 'object' && value !== null && (value as { invalidJson?: unknown }).invalidJson === true;
}

function parseDocument(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const invalid: InvalidJsonDocument = { invalidJson: true, text, error: error instanceof Error ? error.message : String(error) };
    return invalid;
  }
}
