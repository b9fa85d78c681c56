/**
 * A `jsonencode({…})` argument as written, evaluated to the JSON value it encodes, for a policy
 * whose JSON the plan shows only after apply (the plan's configuration keeps only the references
 * of a function call). Literals, objects, tuples and templates become values; a reference to a
 * resource, data source or module output (`aws_s3_bucket.b.arn`) becomes a symbol named by its
 * text, and so does a template holding one (`${aws_s3_bucket.b.arn}/*`): its value is not known,
 * only where it stands. Anything whose value this cannot place exactly is refused with the reason:
 * other function calls, conditionals, `for` expressions, splats, operations, template directives,
 * variables and locals (their values are not read here), `each`/`count` (they differ per instance).
 */
import type { Node } from 'web-tree-sitter';
import { MAX_NESTING, unescapeString, visitExpression } from './parse.js';

// Plain data, not a class: the sources may be loaded by another copy of this module than the steps
// read them with. Object keys holding this private-use character are refused, so no literal object
// can pass for a symbol.
const SYMBOL_KEY = '\uE000symbol';

/** A value known only after apply, named by the reference (or template) it is written as. */
export interface WrittenSymbol {
  readonly [SYMBOL_KEY]: string;
}

/** The symbol for the reference text. */
export function writtenSymbol(text: string): WrittenSymbol {
  return { [SYMBOL_KEY]: text };
}

/** What a symbol stands for, or undefined when `value` is a JSON value. */
export function symbolText(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const text = (value as Record<string, unknown>)[SYMBOL_KEY];
  return typeof text === 'string' && Object.keys(value).length === 1 ? text : undefined;
}

export type WrittenValue = string | number | boolean | null | WrittenSymbol | WrittenValue[] | { [key: string]: WrittenValue };

export type WrittenEvaluation = { ok: true; value: WrittenValue } | { ok: false; reason: string };

// Roots of references whose value is a resource's, data source's or module's, known or not after apply.
const REFUSED_ROOTS: ReadonlyMap<string, string> = new Map([
  ['var', 'a variable'],
  ['local', 'a local value'],
  ['each', '`each`, which differs per instance'],
  ['count', '`count`, which differs per instance'],
  ['self', '`self`'],
  ['path', '`path`'],
  ['terraform', '`terraform`'],
]);

class Refused extends Error {}

/** True when the JSON form's text is a call of `jsonencode` (`${jsonencode(…)}`), which `evaluateJsonencode` reads. */
export function isJsonencodeText(value: unknown): value is string {
  return typeof value === 'string' && /^\$\{\s*jsonencode\s*\(/.test(value) && value.endsWith('}');
}

/** Evaluates `${jsonencode(ARGUMENT)}` as the JSON form keeps it. */
export async function evaluateJsonencode(text: string): Promise<WrittenEvaluation> {
  if (!isJsonencodeText(text)) return { ok: false, reason: 'it is not a jsonencode(...) call' };
  const evaluated = await visitExpression(text.slice(2, -1), (node): WrittenEvaluation => {
    try {
      return { ok: true, value: evaluateCall(node) };
    } catch (error) {
      if (error instanceof Refused) return { ok: false, reason: error.message };
      throw error;
    }
  });
  return evaluated ?? { ok: false, reason: 'it is not one HCL expression' };
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

function unwrap(node: Node): Node {
  let current = node;
  while (current.type === 'expression' && current.childCount === 1 && named(current).length === 1) current = named(current)[0]!;
  return current;
}

function evaluateCall(node: Node): WrittenValue {
  const call = unwrap(node);
  const [name, args] = named(call);
  if (call.type !== 'function_call' || name?.text !== 'jsonencode') throw new Refused('it is not a jsonencode(...) call');
  const argument = args?.type === 'function_arguments' ? named(args) : [];
  if (argument.length !== 1 || argument[0]!.type !== 'expression' || args!.text.trim().endsWith('...')) {
    throw new Refused('jsonencode is not given exactly one argument');
  }
  return evaluate(argument[0]!, 1);
}

function evaluate(node: Node, depth: number): WrittenValue {
  // The parser bounds the nesting of what it reads into blocks, not of an expression it keeps as text.
  if (depth > MAX_NESTING) throw new Refused(`it nests more than ${MAX_NESTING} levels deep`);
  const inner = unwrap(node);
  switch (inner.type) {
    case 'literal_value':
      return literal(named(inner)[0]);
    case 'collection_value':
      return evaluate(named(inner)[0]!, depth);
    case 'tuple':
      return named(inner)
        .filter((part) => part.type === 'expression')
        .map((part) => evaluate(part, depth + 1));
    case 'object':
      return object(inner, depth);
    case 'template_expr':
      return template(named(inner)[0]);
    case 'operation': {
      const negative = negativeNumber(named(inner)[0]);
      if (negative !== undefined) return negative;
      throw new Refused(`it computes a value (${describe(inner)})`);
    }
    case 'expression':
      return writtenSymbol(reference(inner));
    case 'variable_expr':
      throw new Refused(`it names \`${inner.text}\` alone, which is not a reference to a resource attribute`);
    default:
      throw new Refused(`it holds ${describe(inner)}, whose value is not evaluated here`);
  }
}

function literal(node: Node | undefined): WrittenValue {
  switch (node?.type) {
    case 'numeric_lit':
      return Number(node.text);
    case 'bool_lit':
      return node.text === 'true';
    case 'null_lit':
      return null;
    case 'string_lit':
      return template(node);
    default:
      throw new Refused('it holds a literal that is not a number, string, bool or null');
  }
}

function negativeNumber(node: Node | undefined): number | undefined {
  const [minus, operand] = node?.children ?? [];
  if (node?.type !== 'unary_operation' || minus?.type !== '-' || operand?.type !== 'literal_value') return undefined;
  const number = operand.namedChildren[0];
  return number?.type === 'numeric_lit' ? -Number(number.text) : undefined;
}

function object(node: Node, depth: number): { [key: string]: WrittenValue } {
  const result: { [key: string]: WrittenValue } = {};
  for (const element of named(node).filter((part) => part.type === 'object_elem')) {
    const [keyNode, valueNode] = named(element);
    if (!keyNode || !valueNode) throw new Refused('an object element is incomplete');
    const key = objectKey(keyNode, depth);
    if (key.includes('\uE000')) throw new Refused('an object key holds a private-use character');
    // Terraform refuses a repeated key; it is not guessed here either.
    if (Object.prototype.hasOwnProperty.call(result, key)) throw new Refused(`the object key "${key}" is written twice`);
    result[key] = evaluate(valueNode, depth + 1);
  }
  return result;
}

/** A bare name or a literal string; any other key expression is refused. */
function objectKey(node: Node, depth: number): string {
  const inner = unwrap(node);
  if (inner.type === 'variable_expr') return inner.text;
  const value = evaluate(node, depth + 1);
  if (typeof value !== 'string') throw new Refused(`an object key is not a literal name or string (${describe(inner)})`);
  return value;
}

/** A quoted string: its text when all literal, a symbol when it interpolates references. */
function template(node: Node | undefined): WrittenValue {
  if (node === undefined || (node.type !== 'quoted_template' && node.type !== 'string_lit')) {
    throw new Refused('it holds a heredoc, which is not evaluated here');
  }
  let text = '';
  const references: string[] = [];
  for (const part of named(node)) {
    if (part.type === 'template_literal') text += unescapeString(part.text).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    else if (part.type === 'template_interpolation') {
      const expression = named(part).find((child) => child.type === 'expression');
      if (expression === undefined) throw new Refused('an interpolation is empty');
      const name = reference(unwrap(expression));
      references.push(name);
      text += '${' + name + '}';
    } else if (part.type === 'template_directive') throw new Refused('a string holds a template directive (%{...})');
  }
  if (references.length === 0) return text;
  // `"${aws_s3_bucket.b.arn}"` is the reference's value itself; anything around it makes a string still unknown.
  return writtenSymbol(text === '${' + references[0] + '}' && references.length === 1 ? references[0]! : text);
}

/** A traversal from a resource, data source or module (`aws_s3_bucket.b.arn`, `data.x.y.z[0].arn`). */
function reference(node: Node): string {
  const parts = node.type === 'expression' ? named(node) : [node];
  const [root, ...steps] = parts;
  if (root?.type !== 'variable_expr') throw new Refused(`it holds ${describe(node)}, whose value is not evaluated here`);
  const refused = REFUSED_ROOTS.get(root.text);
  if (refused !== undefined) throw new Refused(`it refers to ${refused} (\`${node.text}\`)`);
  if (steps.length === 0) throw new Refused(`it names \`${root.text}\` alone, which is not a reference to a resource attribute`);
  for (const step of steps) {
    if (step.type === 'get_attr') continue;
    if (step.type === 'index' && literalIndex(step)) continue;
    throw new Refused(`the reference \`${node.text}\` holds ${describe(step)}`);
  }
  return node.text.replace(/\s+/g, '');
}

/** `[0]`, `["key"]` or `.0`: an index the reference is written with, not computed. */
function literalIndex(node: Node): boolean {
  const [index] = named(node);
  if (index?.type === 'legacy_index') return true;
  if (index?.type !== 'new_index') return false;
  const expression = named(index)[0];
  const value = expression === undefined ? undefined : unwrap(expression);
  return value?.type === 'literal_value' && (value.namedChildren[0]?.type === 'numeric_lit' || (value.namedChildren[0]?.type === 'string_lit' && !value.text.includes('${')));
}

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  conditional: 'a conditional',
  for_expr: 'a for expression',
  splat: 'a splat',
  attr_splat: 'a splat',
  full_splat: 'a splat',
  operation: 'an operation',
  heredoc_template: 'a heredoc',
};

/** What the node is, in words (a function's name at most: messages quote no other source text). */
function describe(node: Node): string {
  for (const candidate of [node, ...named(node)]) {
    if (candidate.type === 'function_call') return `a call of ${named(candidate)[0]?.text ?? 'a function'}()`;
    const description = DESCRIPTIONS[candidate.type];
    if (description !== undefined) return description;
  }
  return `an expression of kind ${node.type}`;
}
