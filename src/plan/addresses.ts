/**
 * Resource and module addresses as Terraform and OpenTofu print them:
 * `module.a["x"].module.b[0].data.aws_iam_policy_document.p["k"]`.
 * Instance keys are HCL-quoted strings or integers, and a quoted key may itself contain dots,
 * brackets and escaped quotes, so addresses are scanned, never split on `.`.
 */
import { GuardrailsError, type ErrorCode } from '../errors.js';

/** A count index or a for_each key. */
export type InstanceKey = string | number;

/** One `module.NAME[KEY]` step of a module instance address. */
export interface ModuleStep {
  readonly name: string;
  readonly key: InstanceKey | undefined;
}

/** A parsed resource instance address. */
export interface ResourceAddress {
  readonly modules: readonly ModuleStep[];
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly key: InstanceKey | undefined;
}

/** How an address parse failure is reported: bad user input (USAGE) or a bad plan (INVALID_PLAN). */
export interface AddressErrorContext {
  readonly code?: ErrorCode;
  readonly file?: string;
}

/** A name or an instance key in an address or a configuration reference. */
export type AddressToken = { readonly kind: 'name'; readonly text: string } | { readonly kind: 'key'; readonly key: InstanceKey };

/** Parses a resource instance address; throws GuardrailsError (USAGE unless told otherwise) on bad syntax. */
export function parseResourceAddress(address: string, context: AddressErrorContext = {}): ResourceAddress {
  const tokens = tokenizeAddress(address, context);
  const modules: ModuleStep[] = [];
  let i = 0;
  const nameAt = (at: number): string | undefined => {
    const token = tokens[at];
    return token?.kind === 'name' ? token.text : undefined;
  };
  const keyAt = (at: number): InstanceKey | undefined => {
    const token = tokens[at];
    return token?.kind === 'key' ? token.key : undefined;
  };
  // A resource type is never called `module`, so `module.<name>` always opens a module step.
  while (nameAt(i) === 'module' && nameAt(i + 1) !== undefined && tokens.length - i > 3) {
    const name = nameAt(i + 1) as string;
    i += 2;
    const key = keyAt(i);
    if (key !== undefined) i += 1;
    modules.push({ name, key });
  }
  let mode: 'managed' | 'data' = 'managed';
  if (nameAt(i) === 'data' && nameAt(i + 1) !== undefined && nameAt(i + 2) !== undefined) {
    mode = 'data';
    i += 1;
  }
  const type = nameAt(i);
  const name = nameAt(i + 1);
  if (type === undefined || name === undefined) {
    throw addressError(address, 'it does not name a resource as TYPE.NAME', context);
  }
  i += 2;
  const key = keyAt(i);
  if (key !== undefined) i += 1;
  if (i !== tokens.length) {
    throw addressError(address, 'it has extra parts after the resource name and key', context);
  }
  return { modules, mode, type, name, key };
}

/** Parses a module instance address (`module.a["x"].module.b`, or `` for the root module). */
export function parseModuleAddress(address: string, context: AddressErrorContext = {}): readonly ModuleStep[] {
  if (address === '') return [];
  const tokens = tokenizeAddress(address, context);
  const steps: ModuleStep[] = [];
  let i = 0;
  while (i < tokens.length) {
    const word = tokens[i];
    const name = tokens[i + 1];
    if (word?.kind !== 'name' || word.text !== 'module' || name?.kind !== 'name') {
      throw addressError(address, 'a module address is a chain of module.NAME steps, each with an optional [KEY]', context);
    }
    i += 2;
    const key = tokens[i];
    if (key?.kind === 'key') {
      steps.push({ name: name.text, key: key.key });
      i += 1;
    } else {
      steps.push({ name: name.text, key: undefined });
    }
  }
  return steps;
}

/** Formats an instance key the way plans print it: `[0]` or `["a \"b\""]`. */
export function formatKey(key: InstanceKey | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** Formats module steps as a module instance address; `withKeys: false` gives the module path. */
export function formatModuleAddress(steps: readonly ModuleStep[], withKeys = true): string {
  return steps.map((step) => `module.${step.name}${withKeys ? formatKey(step.key) : ''}`).join('.');
}

/** Joins a module address and a relative resource address (`` for the root module). */
export function joinAddress(moduleAddress: string, relative: string): string {
  return moduleAddress === '' ? relative : `${moduleAddress}.${relative}`;
}

/** The resource part of an address without module or key: `aws_s3_bucket.b`, `data.aws_iam_policy_document.p`. */
export function resourceLocalName(parsed: Pick<ResourceAddress, 'mode' | 'type' | 'name'>): string {
  return parsed.mode === 'data' ? `data.${parsed.type}.${parsed.name}` : `${parsed.type}.${parsed.name}`;
}

/** The configuration address of a parsed instance: instance keys stripped everywhere. */
export function configAddressOf(parsed: ResourceAddress): string {
  return joinAddress(formatModuleAddress(parsed.modules, false), resourceLocalName(parsed));
}

/** The module instance address of a parsed instance. */
export function moduleAddressOf(parsed: ResourceAddress): string {
  return formatModuleAddress(parsed.modules, true);
}

/** The parent module instance address (`` for a top-level module or the root). */
export function parentModuleAddress(moduleAddress: string): string {
  const steps = parseModuleAddress(moduleAddress);
  return formatModuleAddress(steps.slice(0, -1), true);
}

/** Splits an address or reference (`module.m["k"].out`, `aws_s3_bucket.b[0].id`) into names and keys. */
export function tokenizeAddress(address: string, context: AddressErrorContext = {}): AddressToken[] {
  const tokens: AddressToken[] = [];
  let i = 0;
  let expectName = true;
  while (i < address.length) {
    const ch = address[i];
    if (ch === '[') {
      const { key, end } = readKey(address, i, context);
      tokens.push({ kind: 'key', key });
      i = end;
      expectName = false;
      continue;
    }
    if (ch === '.') {
      if (expectName) throw addressError(address, `it has an empty name before position ${i + 1}`, context);
      expectName = true;
      i += 1;
      continue;
    }
    if (!expectName) throw addressError(address, `a "." or "[" was expected at position ${i + 1}`, context);
    let end = i;
    while (end < address.length && isNameChar(address.charCodeAt(end))) end += 1;
    if (end === i) throw addressError(address, `the character ${JSON.stringify(ch)} at position ${i + 1} cannot start a name`, context);
    tokens.push({ kind: 'name', text: address.slice(i, end) });
    i = end;
    expectName = false;
  }
  if (expectName) throw addressError(address, 'it is empty or ends with "."', context);
  return tokens;
}

/** Letters, digits, `_` and `-`: the characters of HCL identifiers. */
export function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 45;
}

function readKey(address: string, start: number, context: AddressErrorContext): { key: InstanceKey; end: number } {
  const first = address[start + 1];
  if (first === '"') {
    // Scan to the closing quote, honouring backslash escapes, then let JSON decode the escapes.
    let i = start + 2;
    while (i < address.length && address[i] !== '"') i += address[i] === '\\' ? 2 : 1;
    if (i >= address.length || address[i + 1] !== ']') {
      throw addressError(address, `the quoted key opened at position ${start + 1} is not closed with "]`, context);
    }
    const literal = address.slice(start + 1, i + 1);
    let key: string;
    try {
      key = JSON.parse(literal) as string;
    } catch {
      throw addressError(address, `the key ${literal} has an invalid escape`, context);
    }
    return { key, end: i + 2 };
  }
  const close = address.indexOf(']', start);
  const digits = close < 0 ? '' : address.slice(start + 1, close);
  if (!/^\d+$/.test(digits)) {
    throw addressError(address, `the key at position ${start + 1} must be a number like [0] or a quoted string like ["name"]`, context);
  }
  return { key: Number(digits), end: close + 1 };
}

function addressError(address: string, what: string, context: AddressErrorContext): GuardrailsError {
  return new GuardrailsError(context.code ?? 'USAGE', `The address ${JSON.stringify(address)} cannot be read: ${what}.`, {
    ...(context.file === undefined ? {} : { file: context.file }),
    hint: 'Write addresses as the plan prints them, e.g. module.app["eu"].aws_s3_bucket.state[0].',
  });
}

/** Orders strings by code unit, the same on every machine and locale (unlike localeCompare). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
