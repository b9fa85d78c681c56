/**
 * IAM policy documents as plans carry them (`policy`, `assume_role_policy`, a bucket policy: JSON
 * strings; or an object already parsed from an `aws_iam_policy_document`'s `json`), normalised so
 * that queries never deal with the grammar's shorthands (single statement vs list, string vs list,
 * `true` vs `"true"`).
 *
 * Parsing follows the IAM JSON policy grammar and is strict where IAM itself rejects a document
 * (unknown elements, both `Action` and `NotAction`, an Effect other than `Allow`/`Deny`): a
 * document IAM would refuse is reported as not parseable rather than half-understood.
 * Element names and operator names are compared exactly as the grammar spells them; condition
 * keys are case-insensitive (kept as written and lower-cased beside).
 * Limitation: `JSON.parse` keeps the last of duplicate object keys, so a document with a
 * repeated key is read as the last occurrence.
 */

/** One condition: one (operator, key) pair of a statement's `Condition` block. */
export interface NormalizedCondition {
  /** As written, e.g. `StringNotEquals`, `ForAnyValue:StringLike`, `BoolIfExists`. */
  operator: string;
  /** Without the `ForAllValues:`/`ForAnyValue:` prefix and the `IfExists` suffix, e.g. `StringNotEquals`. */
  baseOperator: string;
  setQualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  ifExists: boolean;
  /** As written. */
  key: string;
  /** Lower-cased: condition key names are case-insensitive. */
  keyLower: string;
  /** Normalised to strings (`true` → `"true"`, `3600` → `"3600"`); a single value becomes a one-item list. */
  values: string[];
}

/** `Principal`/`NotPrincipal`: `*`, or principal type (`AWS`, `Federated`, `Service`, `CanonicalUser`) → values. */
export type PrincipalBlock = '*' | Partial<Record<PrincipalType, string[]>>;

export type PrincipalType = 'AWS' | 'Federated' | 'Service' | 'CanonicalUser';

export interface NormalizedStatement {
  sid: string | undefined;
  effect: 'Allow' | 'Deny';
  /** `Action` as a list; undefined when the statement uses `NotAction`. */
  actions: string[] | undefined;
  /** `NotAction` as a list; undefined when the statement uses `Action`. */
  notActions: string[] | undefined;
  resources: string[] | undefined;
  notResources: string[] | undefined;
  principals: PrincipalBlock | undefined;
  notPrincipals: PrincipalBlock | undefined;
  /** Flattened: one per (operator, key), in document order. */
  conditions: NormalizedCondition[];
  /** Position in the document's `Statement` list (0 for a single statement object). */
  index: number;
  /**
   * Values known only after apply, for a document rendered from configuration (see symbols.ts):
   * marker string, as it stands in the lists above, → what it stands for (`aws_s3_bucket.state.arn`).
   * Absent for a document read from JSON, whose every string is literal.
   */
  symbols?: ReadonlyMap<string, string>;
}

export interface PolicyDocument {
  /** `2012-10-17`, `2008-10-17`, or undefined when the document omits it (IAM then assumes 2008-10-17). */
  version: string | undefined;
  id: string | undefined;
  statements: NormalizedStatement[];
}

export type ParsePolicyResult = { ok: true; document: PolicyDocument } | { ok: false; reason: string };

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const DOCUMENT_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Federated', 'Service', 'CanonicalUser'];
const SET_QUALIFIERS = ['ForAllValues', 'ForAnyValue'] as const;
const IF_EXISTS = 'IfExists';

/** Thrown inside the parser only; parsePolicy turns it into `{ ok: false, reason }`. */
class PolicySyntaxError extends Error {}

/** Parses a policy (JSON string or object); a document that is not a valid policy gives `{ ok: false, reason }`, never throws. */
export function parsePolicy(input: unknown): ParsePolicyResult {
  let raw: unknown = input;
  if (typeof input === 'string') {
    if (input.trim() === '') return { ok: false, reason: 'the policy is an empty string; expected a JSON policy document' };
    try {
      raw = JSON.parse(input);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, reason: `the policy is not valid JSON (${detail}); expected a JSON policy document` };
    }
  }
  try {
    return { ok: true, document: readDocument(raw) };
  } catch (error) {
    if (error instanceof PolicySyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The document's statements with the given effect, in document order. */
export function statementsByEffect(document: PolicyDocument, effect: 'Allow' | 'Deny'): NormalizedStatement[] {
  return document.statements.filter((statement) => statement.effect === effect);
}

/** `Statement[2]`, or `Statement[2] (Sid "DenyInsecureTransport")` when it has a non-empty Sid: for messages. */
export function statementLabel(statement: NormalizedStatement): string {
  const base = `Statement[${statement.index}]`;
  return statement.sid ? `${base} (Sid "${statement.sid}")` : base;
}

function readDocument(raw: unknown): PolicyDocument {
  if (!isPlainObject(raw)) {
    throw new PolicySyntaxError(`the policy is ${describe(raw)}; expected a JSON object with a "Statement" element`);
  }
  rejectUnknownElements(raw, DOCUMENT_ELEMENTS, 'the policy');
  const version = optionalString(raw, 'Version', 'Version');
  if (version !== undefined && !VERSIONS.has(version)) {
    throw new PolicySyntaxError(`Version is "${version}"; expected "2012-10-17" (or the legacy "2008-10-17")`);
  }
  const id = optionalString(raw, 'Id', 'Id');
  const statementValue = raw['Statement'];
  if (statementValue === undefined) {
    throw new PolicySyntaxError('the policy has no "Statement" element; expected a statement object or a list of them');
  }
  const list = Array.isArray(statementValue) ? statementValue : [statementValue];
  return { version, id, statements: list.map((item, index) => readStatement(item, index)) };
}

function readStatement(raw: unknown, index: number): NormalizedStatement {
  const where = `Statement[${index}]`;
  if (!isPlainObject(raw)) throw new PolicySyntaxError(`${where} is ${describe(raw)}; expected an object`);
  rejectUnknownElements(raw, STATEMENT_ELEMENTS, where);
  const effect = raw['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') {
    throw new PolicySyntaxError(`${where}.Effect is ${describe(effect)}; expected "Allow" or "Deny" (exactly so spelt)`);
  }
  const statement: NormalizedStatement = {
    sid: optionalString(raw, 'Sid', `${where}.Sid`),
    effect,
    actions: optionalStringList(raw, 'Action', where),
    notActions: optionalStringList(raw, 'NotAction', where),
    resources: optionalStringList(raw, 'Resource', where),
    notResources: optionalStringList(raw, 'NotResource', where),
    principals: optionalPrincipal(raw, 'Principal', where),
    notPrincipals: optionalPrincipal(raw, 'NotPrincipal', where),
    conditions: readConditions(raw['Condition'], where),
    index,
  };
  exclusive(statement.actions, statement.notActions, where, 'Action', 'NotAction', true);
  exclusive(statement.resources, statement.notResources, where, 'Resource', 'NotResource', false);
  exclusive(statement.principals, statement.notPrincipals, where, 'Principal', 'NotPrincipal', false);
  return statement;
}

function exclusive(a: unknown, b: unknown, where: string, nameA: string, nameB: string, required: boolean): void {
  if (a !== undefined && b !== undefined) {
    throw new PolicySyntaxError(`${where} has both ${nameA} and ${nameB}; expected only one of them`);
  }
  if (required && a === undefined && b === undefined) {
    throw new PolicySyntaxError(`${where} has neither ${nameA} nor ${nameB}; expected one of them`);
  }
}

function optionalString(raw: Record<string, unknown>, name: string, where: string): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new PolicySyntaxError(`${where} is ${describe(value)}; expected a string`);
  return value;
}

function optionalStringList(raw: Record<string, unknown>, name: string, where: string): string[] | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  return stringList(value, `${where}.${name}`);
}

function stringList(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    if (typeof item !== 'string') {
      const at = Array.isArray(value) ? `${where}[${i}]` : where;
      throw new PolicySyntaxError(`${at} is ${describe(item)}; expected a string or a list of strings`);
    }
    return item;
  });
}

function optionalPrincipal(raw: Record<string, unknown>, name: string, where: string): PrincipalBlock | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  const at = `${where}.${name}`;
  if (value === '*') return '*';
  if (!isPlainObject(value)) {
    throw new PolicySyntaxError(`${at} is ${describe(value)}; expected "*" or an object such as {"AWS": ["arn:..."]}`);
  }
  const block: Partial<Record<PrincipalType, string[]>> = {};
  for (const [type, values] of Object.entries(value)) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      throw new PolicySyntaxError(`${at} has principal type "${type}"; expected one of ${PRINCIPAL_TYPES.join(', ')}`);
    }
    block[type as PrincipalType] = stringList(values, `${at}.${type}`);
  }
  return block;
}

function readConditions(value: unknown, where: string): NormalizedCondition[] {
  if (value === undefined) return [];
  const at = `${where}.Condition`;
  if (!isPlainObject(value)) {
    throw new PolicySyntaxError(`${at} is ${describe(value)}; expected an object of operator → key → value(s)`);
  }
  const conditions: NormalizedCondition[] = [];
  for (const [operator, keys] of Object.entries(value)) {
    if (!isPlainObject(keys)) {
      throw new PolicySyntaxError(`${at}.${operator} is ${describe(keys)}; expected an object of condition key → value(s)`);
    }
    const parts = splitOperator(operator);
    for (const [key, values] of Object.entries(keys)) {
      conditions.push({ operator, ...parts, key, keyLower: key.toLowerCase(), values: conditionValues(values, `${at}.${operator}["${key}"]`) });
    }
  }
  return conditions;
}

/** Splits `ForAnyValue:StringLikeIfExists` into its base operator, set qualifier and IfExists flag. */
export function splitOperator(operator: string): Pick<NormalizedCondition, 'baseOperator' | 'setQualifier' | 'ifExists'> {
  let rest = operator;
  let setQualifier: NormalizedCondition['setQualifier'];
  for (const qualifier of SET_QUALIFIERS) {
    if (rest.startsWith(`${qualifier}:`)) {
      setQualifier = qualifier;
      rest = rest.slice(qualifier.length + 1);
    }
  }
  // An operator spelt just "IfExists" has no base to modify: keep it whole so no query matches it.
  const ifExists = rest.endsWith(IF_EXISTS) && rest.length > IF_EXISTS.length;
  if (ifExists) rest = rest.slice(0, -IF_EXISTS.length);
  return { baseOperator: rest, setQualifier, ifExists };
}

function conditionValues(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new PolicySyntaxError(`${where} is an empty list; expected at least one value`);
  return list.map((item) => {
    // IAM accepts JSON booleans and numbers and compares them in their string form.
    if (typeof item === 'string') return item;
    if (typeof item === 'boolean' || typeof item === 'number') return String(item);
    throw new PolicySyntaxError(`${where} holds ${describe(item)}; expected a string, number or boolean (or a list of them)`);
  });
}

function rejectUnknownElements(raw: Record<string, unknown>, allowed: Set<string>, where: string): void {
  for (const name of Object.keys(raw)) {
    if (!allowed.has(name)) {
      throw new PolicySyntaxError(`${where} has an unknown element "${name}"; expected only ${[...allowed].join(', ')}`);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  return `${typeof value} ${String(value)}`;
}
