/**
 * An `aws_iam_policy_document` data source rendered to an IAM policy the way the AWS provider
 * renders its `json`, from the planned values of its blocks, for a plan where `json` itself is
 * known only after apply (typically because a statement names an ARN created by the same apply).
 * Each value known only after apply becomes a symbol (symbols.ts) named by the configuration
 * references it comes from, so a query that does not need it can still decide.
 *
 * Only the shape is taken on trust where the plan knows it: an unknown Effect, principal type,
 * condition operator or key, an unknown list of statements or blocks, or a document merged from
 * `source_policy_documents`/`override_policy_documents` is not rendered (the caller stays
 * indeterminate). The planned values come from the evaluated configuration, so dynamic blocks,
 * variables and `for_each` instances are already expanded there.
 */
import { parsePolicy, type PolicyDocument } from './policy.js';
import { symbolMarker } from './symbols.js';

export type RenderResult = { ok: true; document: PolicyDocument } | { ok: false; reason: string };

/** Names an unknown value from the configuration: statement index, field, optional block index. */
export type SymbolNamer = (statement: number, field: string, block?: number) => string | undefined;

const MERGING_ARGUMENTS = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'];
const LIST_FIELDS: ReadonlyArray<[string, string]> = [
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

class NotRenderable extends Error {}

/** Renders the data source's planned `values` (with their `after_unknown` tree) to a policy document with symbols. */
export function renderPolicyDocument(values: Readonly<Record<string, unknown>>, unknown: unknown, nameSymbol: SymbolNamer): RenderResult {
  const symbols = new Map<string, string>();
  const hole = (name: string | undefined): string => {
    const marker = symbolMarker(symbols.size);
    symbols.set(marker, name ?? 'a value known only after apply');
    return marker;
  };
  try {
    for (const argument of MERGING_ARGUMENTS) {
      if (isUnknown(unknown, [argument]) || !isEmpty(values[argument])) {
        throw new NotRenderable(`it merges other documents (${argument}), which are not rendered here`);
      }
    }
    if (isUnknown(unknown, ['statement'])) throw new NotRenderable('its list of statements is known only after apply');
    const blocks = blockList(values.statement, childTree(unknown, ['statement']), 'statement');
    const statements = blocks.map((block, index) => renderStatement(asObject(block), childTree(unknown, ['statement', index]), index, nameSymbol, hole));
    const raw: Record<string, unknown> = { Version: knownString(values.version, childTree(unknown, ['version'])) ?? '2012-10-17', Statement: statements };
    const parsed = parsePolicy(raw);
    if (!parsed.ok) return parsed;
    const document = symbols.size === 0 ? parsed.document : withSymbols(parsed.document, symbols);
    return { ok: true, document };
  } catch (error) {
    if (error instanceof NotRenderable) return { ok: false, reason: error.message };
    throw error;
  }
}

function renderStatement(
  block: Record<string, unknown>,
  unknown: unknown,
  index: number,
  nameSymbol: SymbolNamer,
  hole: (name: string | undefined) => string,
): Record<string, unknown> {
  const where = `statement[${index}]`;
  const statement: Record<string, unknown> = {};
  const sid = block.sid;
  if (isUnknown(unknown, ['sid'])) statement.Sid = hole(nameSymbol(index, 'sid'));
  else if (typeof sid === 'string' && sid !== '') statement.Sid = sid;
  if (isUnknown(unknown, ['effect'])) throw new NotRenderable(`${where}.effect is known only after apply`);
  // The provider's default effect is Allow.
  statement.Effect = block.effect === null || block.effect === undefined ? 'Allow' : block.effect;
  for (const [field, element] of LIST_FIELDS) {
    const list = stringList(block[field], childTree(unknown, [field]), () => hole(nameSymbol(index, field)), `${where}.${field}`);
    if (list.length > 0) statement[element] = list;
  }
  for (const [field, element] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const principal = renderPrincipals(block[field], childTree(unknown, [field]), (n) => hole(nameSymbol(index, field, n)), `${where}.${field}`);
    if (principal !== undefined) statement[element] = principal;
  }
  const condition = renderConditions(block.condition, childTree(unknown, ['condition']), (n) => hole(nameSymbol(index, 'condition', n)), where);
  if (condition !== undefined) statement.Condition = condition;
  return statement;
}

function renderPrincipals(value: unknown, unknown: unknown, hole: (block: number) => string, where: string): unknown {
  if (unknown === true) throw new NotRenderable(`${where} is known only after apply`);
  const blocks = blockList(value, unknown, where);
  if (blocks.length === 0) return undefined;
  const byType = new Map<string, string[]>();
  blocks.forEach((item, n) => {
    const block = asObject(item);
    const tree = childTree(unknown, [n]);
    if (isUnknown(tree, ['type']) || typeof block.type !== 'string') throw new NotRenderable(`${where}[${n}].type is not known`);
    const identifiers = stringList(block.identifiers, childTree(tree, ['identifiers']), () => hole(n), `${where}[${n}].identifiers`);
    // Blocks of one type are merged into one list, as the provider does.
    byType.set(block.type, [...(byType.get(block.type) ?? []), ...identifiers]);
  });
  if (byType.has('*')) {
    // `type = "*"` with `identifiers = ["*"]` is how the provider spells `"Principal": "*"`.
    if (byType.size > 1 || byType.get('*')?.some((identifier) => identifier !== '*')) {
      throw new NotRenderable(`${where} mixes the "*" principal type with identifiers other than "*"`);
    }
    return '*';
  }
  return Object.fromEntries(byType);
}

function renderConditions(value: unknown, unknown: unknown, hole: (block: number) => string, where: string): Record<string, Record<string, string[]>> | undefined {
  if (unknown === true) throw new NotRenderable(`${where}.condition is known only after apply`);
  const blocks = blockList(value, unknown, `${where}.condition`);
  if (blocks.length === 0) return undefined;
  const operators: Record<string, Record<string, string[]>> = {};
  blocks.forEach((item, n) => {
    const block = asObject(item);
    const tree = childTree(unknown, [n]);
    const at = `${where}.condition[${n}]`;
    if (isUnknown(tree, ['test']) || isUnknown(tree, ['variable'])) throw new NotRenderable(`${at}: its test or variable is known only after apply`);
    if (typeof block.test !== 'string' || typeof block.variable !== 'string') throw new NotRenderable(`${at}: its test or variable is not a string`);
    const keys = (operators[block.test] ??= {});
    // Two blocks on the same test and variable: how the provider combines them is not relied on.
    if (keys[block.variable] !== undefined) throw new NotRenderable(`${at} repeats the test ${block.test} on ${block.variable}`);
    keys[block.variable] = stringList(block.values, childTree(tree, ['values']), () => hole(n), `${at}.values`);
  });
  return operators;
}

/** A list of strings where each unknown item (or the whole list, when unknown) becomes a symbol. */
function stringList(value: unknown, unknown: unknown, hole: () => string, where: string): string[] {
  if (unknown === true) return [hole()];
  const items = [...asList(value, where)];
  // A plan may leave the unknown items out of the value and mark them only in after_unknown.
  const marked = Array.isArray(unknown) ? unknown.length : 0;
  while (items.length < marked) items.push(null);
  return items.map((item, n) => {
    if (isUnknown(unknown, [n])) return hole();
    if (typeof item === 'string') return item;
    throw new NotRenderable(`${where}[${n}] is not a string`);
  });
}

function withSymbols(document: PolicyDocument, symbols: ReadonlyMap<string, string>): PolicyDocument {
  return { ...document, statements: document.statements.map((statement) => ({ ...statement, symbols })) };
}

function knownString(value: unknown, unknown: unknown): string | undefined {
  return unknown !== true && typeof value === 'string' ? value : undefined;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The blocks of a nested block list; more entries in after_unknown than in the value means blocks the plan does not show. */
function blockList(value: unknown, unknown: unknown, where: string): readonly unknown[] {
  const blocks = asList(value, where);
  if (Array.isArray(unknown) && unknown.length > blocks.length) throw new NotRenderable(`${where} has blocks known only after apply`);
  return blocks;
}

function asList(value: unknown, where: string): readonly unknown[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new NotRenderable(`${where} is not a list`);
  return value;
}

function asObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new NotRenderable('a block is not an object');
  return value as Record<string, unknown>;
}

/** The `after_unknown` subtree at a path; `true` when a prefix is unknown. */
function childTree(tree: unknown, path: ReadonlyArray<string | number>): unknown {
  let node = tree;
  for (const step of path) {
    if (node === true) return true;
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

function isUnknown(tree: unknown, path: ReadonlyArray<string | number>): boolean {
  return childTree(tree, path) === true;
}
