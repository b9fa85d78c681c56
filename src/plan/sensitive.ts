/**
 * Sensitive values, as the plan marks them (`after_sensitive`, `before_sensitive`,
 * `sensitive_values`, sensitive outputs and variables), collected so that no text derived from
 * one reaches a report. The value reader marks each value it returns (`PathValue.sensitive`);
 * this module lets whoever turns verdicts into text mask what slipped into free-form messages:
 * values quoted by a check, map keys of a sensitive map in a path (`tags["..."]`), and excerpts
 * of a sensitive JSON document quoted by a parse error.
 */
import type { RawPlan } from './types.js';

/** What a sensitive value is shown as, everywhere. */
export const SENSITIVE = '(sensitive)';

/** Shorter strings are masked only in their quoted form (`"abc"`), so a short secret does not blank out every word that contains it. */
const MIN_BARE_LENGTH = 6;
/** Length of the excerpts of a resource's own secrets that are masked in findings about it. */
const EXCERPT_LENGTH = 8;

/**
 * The secret strings of a plan. `all` holds every sensitive value and map key (masked in any text);
 * `byAddress` adds, per resource instance, the strings inside its sensitive JSON documents, which
 * are masked only in findings about that resource (an "Allow" in one secret policy must not blank
 * out every other policy's findings).
 */
export interface PlanSecrets {
  readonly all: readonly string[];
  readonly byAddress: ReadonlyMap<string, readonly string[]>;
}

/** Collects every sensitive string of a plan (values, map keys, whole documents and the strings inside them). */
export function collectPlanSecrets(raw: RawPlan): PlanSecrets {
  const byAddress = new Map<string, Set<string>>();
  const all = new Set<string>();
  const add = (address: string | undefined, value: unknown, sensitive: unknown): void => {
    const found: Found = { direct: new Set(), inside: new Set() };
    collect(value, sensitive, false, found, 0);
    if (found.direct.size === 0) return;
    for (const text of found.direct) all.add(text);
    if (address === undefined) return;
    const own = byAddress.get(address) ?? new Set<string>();
    for (const text of [...found.direct, ...found.inside]) own.add(text);
    byAddress.set(address, own);
  };
  for (const change of arrayOf(raw.resource_changes)) {
    const address = typeof change.address === 'string' ? change.address : undefined;
    const body = objectOf(change.change);
    add(address, body.before, body.before_sensitive);
    add(address, body.after, body.after_sensitive);
  }
  for (const root of [objectOf(raw.planned_values).root_module, objectOf(objectOf(raw.prior_state).values).root_module]) {
    forEachModuleResource(root, (resource) => add(typeof resource.address === 'string' ? resource.address : undefined, resource.values, resource.sensitive_values));
  }
  for (const output of Object.values(objectOf(raw.output_changes))) {
    const body = objectOf(output);
    add(undefined, body.before, body.before_sensitive);
    add(undefined, body.after, body.after_sensitive);
  }
  for (const output of [...Object.values(objectOf(objectOf(raw.planned_values).outputs)), ...Object.values(objectOf(objectOf(objectOf(raw.prior_state).values).outputs))]) {
    const body = objectOf(output);
    add(undefined, body.value, body.sensitive === true);
  }
  const declared = objectOf(objectOf(objectOf(raw.configuration).root_module).variables);
  for (const [name, variable] of Object.entries(objectOf(raw.variables))) {
    if (objectOf(declared[name]).sensitive === true) add(undefined, objectOf(variable).value, true);
  }
  return {
    all: [...all],
    byAddress: new Map([...byAddress].map(([address, texts]) => [address, [...texts]])),
  };
}

/**
 * Masks secrets in text: each occurrence becomes `(sensitive)`. With `excerpts`, any run of eight
 * or more characters taken from a secret that is not a valid JSON document is masked too, which
 * catches a secret cut short (a parse error quoting a few characters of a sensitive policy that
 * is not JSON, a value shortened for display).
 */
export class Redactor {
  private readonly forms: string[];
  private readonly windows: Set<string>;

  constructor(secrets: readonly string[], options: { excerpts: boolean }) {
    const forms = new Set<string>();
    const windows = new Set<string>();
    for (const secret of secrets) {
      const quoted = JSON.stringify(secret);
      const escaped = quoted.slice(1, -1);
      forms.add(quoted);
      if (secret.length >= MIN_BARE_LENGTH) forms.add(secret);
      if (escaped.length >= MIN_BARE_LENGTH) forms.add(escaped);
      // A JSON document is quoted by pieces only when it fails to parse; one that parses is
      // quoted by its values, which are secrets of their own, and its grammar must stay readable.
      if (options.excerpts && !isJsonDocument(secret)) {
        for (const text of new Set([secret, escaped])) {
          for (let i = 0; i + EXCERPT_LENGTH <= text.length; i += 1) windows.add(text.slice(i, i + EXCERPT_LENGTH));
        }
      }
    }
    // Longest first, so a secret that contains another is masked whole.
    this.forms = [...forms].sort((a, b) => b.length - a.length);
    this.windows = windows;
  }

  /** The text with every secret (and, with excerpts, every long-enough piece of one) replaced by `(sensitive)`. */
  redact(text: string): string {
    if (this.forms.length === 0 || text === '') return text;
    const masked = new Uint8Array(text.length);
    let any = false;
    for (const form of this.forms) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
        masked.fill(1, at, at + form.length);
        any = true;
      }
    }
    if (this.windows.size > 0) {
      for (let i = 0; i + EXCERPT_LENGTH <= text.length; i += 1) {
        if (this.windows.has(text.slice(i, i + EXCERPT_LENGTH))) {
          masked.fill(1, i, i + EXCERPT_LENGTH);
          any = true;
        }
      }
    }
    if (!any) return text;
    let out = '';
    for (let i = 0; i < text.length; i += 1) {
      if (masked[i] === 0) out += text[i];
      else if (i === 0 || masked[i - 1] === 0) out += SENSITIVE;
    }
    return out;
  }
}

// Plans nest values deeply only when they are hostile; past this depth everything is taken as secret text.
const MAX_DEPTH = 256;

/** Sensitive strings found: values and keys themselves, and strings inside sensitive JSON documents. */
interface Found {
  readonly direct: Set<string>;
  readonly inside: Set<string>;
}

function collect(value: unknown, sensitive: unknown, marked: boolean, found: Found, depth: number, out: Set<string> = found.direct): void {
  const secret = marked || sensitive === true;
  if (value === null || value === undefined) return;
  // Nothing under a value is secret unless the sensitive tree goes on beside it: most of a plan is not.
  if (!secret && (sensitive === null || typeof sensitive !== 'object')) return;
  if (typeof value === 'string') {
    if (secret && value !== '') {
      out.add(value);
      collectInsideDocument(value, found, depth);
    }
    return;
  }
  if (typeof value !== 'object') {
    // Numbers and booleans are masked where they are read (PathValue.sensitive); as text they are too short to find safely.
    return;
  }
  if (depth > MAX_DEPTH) {
    if (secret) out.add(JSON.stringify(value));
    return;
  }
  if (secret) out.add(JSON.stringify(value));
  if (!secret) {
    collectMarked(value, sensitive as object, found, depth, out);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, Array.isArray(sensitive) ? sensitive[index] : undefined, secret, found, depth + 1, out));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    // A key of a sensitive map is as secret as its value: `tags["<key>"]` would show it. Keys
    // inside a sensitive JSON document are its grammar (Statement, Principal), not its secrets.
    if (secret && key !== '' && out === found.direct) out.add(key);
    collect(item, objectOf(sensitive)[key], secret, found, depth + 1, out);
  }
}

/**
 * The same walk where nothing above is secret: only the branches the sensitive tree goes on into
 * can hold a secret, so those are followed (a plan's values are mostly not sensitive at all).
 */
function collectMarked(value: object, sensitive: object, found: Found, depth: number, out: Set<string>): void {
  if (Array.isArray(value)) {
    if (!Array.isArray(sensitive)) return;
    const length = Math.min(value.length, sensitive.length);
    for (let index = 0; index < length; index += 1) collect(value[index], sensitive[index], false, found, depth + 1, out);
    return;
  }
  if (Array.isArray(sensitive)) return;
  for (const key of Object.keys(sensitive)) {
    if (Object.hasOwn(value, key)) collect((value as Json)[key], (sensitive as Json)[key], false, found, depth + 1, out);
  }
}

function isJsonDocument(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

/** When a sensitive string holds a JSON document (a policy), the strings inside it, which checks quote once parsed. */
function collectInsideDocument(value: string, found: Found, depth: number): void {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return;
  let document: unknown;
  try {
    document = JSON.parse(trimmed);
  } catch {
    // Not JSON: the whole string, and excerpts of it, are what is masked.
    return;
  }
  collect(document, true, true, found, depth + 1, found.inside);
}

type Json = Record<string, unknown>;

function objectOf(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function arrayOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(objectOf) : [];
}

function forEachModuleResource(module: unknown, visit: (resource: Json) => void, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  const body = objectOf(module);
  for (const resource of arrayOf(body.resources)) visit(resource);
  for (const child of arrayOf(body.child_modules)) forEachModuleResource(child, visit, depth + 1);
}
