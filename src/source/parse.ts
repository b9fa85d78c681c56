/**
 * Parsing one configuration file into the JSON form of HCL, with the line of every block.
 * `.tf` files go through tree-sitter's HCL grammar (WebAssembly, nothing native); `.tf.json` files
 * are JSON already and carry no lines.
 *
 * The JSON form is the one Terraform's JSON syntax uses and the rest of src/source reads: blocks
 * as `type → label → … → [body]`, literals as JSON values, and any other expression as its source
 * text in a template (`${var.x}`, `a-${b}`), so a value is a literal exactly when it carries no
 * interpolation. Nothing is evaluated.
 */
import { createRequire } from 'node:module';
import type { Language, Node, Parser } from 'web-tree-sitter';
import { GuardrailsError } from '../errors.js';

/** What a parsed file holds: block type → blocks, in the JSON configuration shape. */
export type ConfigBody = Record<string, unknown>;

export interface ParsedConfig {
  body: ConfigBody;
  /** The 1-based header line of each block, keyed by the block's body object in `body`. */
  blockLines: ReadonlyMap<object, number>;
}

/** Deeper nesting than any configuration needs; past it the file is refused rather than risking the stack. */
export const MAX_NESTING = 256;

// Loading the runtime and the grammar compiles WebAssembly (tens of ms), so it happens on the
// first `.tf` file only.
let hclParser: Promise<Parser> | undefined;

function loadHclParser(): Promise<Parser> {
  hclParser ??= (async () => {
    const { Parser: ParserClass, Language: LanguageClass } = await import('web-tree-sitter');
    await ParserClass.init();
    const grammar = createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm');
    const language: Language = await LanguageClass.load(grammar);
    const parser = new ParserClass();
    parser.setLanguage(language);
    return parser;
  })();
  return hclParser;
}

const HCL_HINT = 'Fix the syntax (`tofu validate` reports the same error), or pass the directory of the configuration that was planned with --source DIR.';

/** Parses one file's text; `displayPath` names it in messages. Throws SOURCE_INVALID on a syntax error. */
export async function parseConfigFile(displayPath: string, text: string): Promise<ParsedConfig> {
  return displayPath.endsWith('.json') ? { body: parseJsonSyntax(displayPath, text), blockLines: new Map() } : parseHclSyntax(displayPath, text);
}

/**
 * Parses one HCL expression (as the JSON form keeps it, without its `${…}`) and hands its node to
 * `visit` while the tree is alive; undefined when the text is not exactly one valid expression.
 */
export async function visitExpression<T>(text: string, visit: (expression: Node) => T): Promise<T | undefined> {
  const parser = await loadHclParser();
  const tree = parser.parse(`x = ${text}\n`);
  if (!tree) return undefined;
  try {
    const body = tree.rootNode.hasError ? undefined : named(tree.rootNode)[0];
    const attributes = body?.type === 'body' ? named(body) : [];
    const [name, expression] = attributes.length === 1 && attributes[0]!.type === 'attribute' ? named(attributes[0]!) : [];
    return name?.text === 'x' && expression ? visit(expression) : undefined;
  } finally {
    tree.delete();
  }
}

async function parseHclSyntax(displayPath: string, text: string): Promise<ParsedConfig> {
  const parser = await loadHclParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error(`the HCL parser returned no tree for ${displayPath}`);
  try {
    const root = tree.rootNode;
    if (root.hasError) throw syntaxError(displayPath, firstError(root) ?? root);
    const converter = new Converter(displayPath);
    const body = root.namedChildren.find((child) => child?.type === 'body');
    return { body: body ? converter.body(body, 0) : {}, blockLines: converter.blockLines };
  } finally {
    tree.delete();
  }
}

/** The first node, in document order, that the grammar could not place or had to invent (iterative: nesting is unbounded). */
function firstError(root: Node): Node | undefined {
  const pending: Node[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.isError || node.isMissing) return node;
    if (!node.hasError) continue;
    const children = node.children.filter((child): child is Node => child !== null);
    pending.push(...children.reverse());
  }
  return undefined;
}

// The message names the position and the grammar's token, never the file's text (sources are untrusted).
function syntaxError(displayPath: string, node: Node): GuardrailsError {
  const { row, column } = node.startPosition;
  const what = node.isMissing ? `expected "${node.type}" here` : 'this is not an argument, block or expression HCL accepts';
  return new GuardrailsError('SOURCE_INVALID', `line ${row + 1}, column ${column + 1}: not valid HCL: ${what}.`, {
    file: displayPath,
    hint: HCL_HINT,
  });
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

/** HCL's string escapes; `$${` and `%%{` stay as written, since they mark literal text in the JSON form too. */
const ESCAPE = /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/gs;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

export function unescapeString(text: string): string {
  return text.replace(ESCAPE, (whole, u4: string | undefined, u8: string | undefined, simple: string | undefined) => {
    const code = u4 ?? u8;
    if (code !== undefined) {
      const point = Number.parseInt(code, 16);
      return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
    }
    return SIMPLE_ESCAPES[simple ?? ''] ?? whole;
  });
}

/** HCL reads `-` before a number literal as part of the literal (`-5`); any other operation is an expression. */
function negativeNumber(node: Node): number | undefined {
  const [minus, operand] = node.children;
  if (node.type !== 'unary_operation' || minus?.type !== '-' || operand?.type !== 'literal_value') return undefined;
  const literal = operand.namedChildren[0];
  return literal?.type === 'numeric_lit' ? -Number(literal.text) : undefined;
}

class Converter {
  readonly blockLines = new Map<object, number>();

  constructor(private readonly displayPath: string) {}

  private checkDepth(node: Node, depth: number): void {
    if (depth <= MAX_NESTING) return;
    throw new GuardrailsError('SOURCE_INVALID', `line ${node.startPosition.row + 1}: nested more than ${MAX_NESTING} levels deep.`, {
      file: this.displayPath,
      hint: 'Flatten the expression or block; no configuration needs this depth.',
    });
  }

  body(node: Node, depth: number): ConfigBody {
    this.checkDepth(node, depth);
    const body: ConfigBody = {};
    for (const child of named(node)) {
      if (child.type === 'attribute') {
        const [name, expression] = named(child);
        if (name && expression) body[name.text] = this.expression(expression, depth + 1);
      } else if (child.type === 'block') {
        this.block(body, child, depth + 1);
      }
    }
    return body;
  }

  /** Adds a block at `type → label… → [body]`, the list growing when the same header repeats. */
  private block(parent: ConfigBody, node: Node, depth: number): void {
    const parts = named(node);
    const [keyword] = parts;
    if (!keyword) return;
    const labels = parts.filter((part) => part.type === 'string_lit' || (part.type === 'identifier' && part !== keyword)).map((label) => this.label(label));
    const inner = parts.find((part) => part.type === 'body');
    const body = inner ? this.body(inner, depth + 1) : {};
    this.blockLines.set(body, node.startPosition.row + 1);

    let container: Record<string, unknown> = parent;
    let key = keyword.text;
    for (const label of labels) {
      const next = container[key];
      const map = next !== null && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
      container[key] = map;
      container = map;
      key = label;
    }
    const list = container[key];
    if (Array.isArray(list)) list.push(body);
    else container[key] = [body];
  }

  private label(node: Node): string {
    if (node.type === 'identifier') return node.text;
    return unescapeString(named(node).filter((part) => part.type === 'template_literal').map((part) => part.text).join(''));
  }

  private expression(node: Node, depth: number): unknown {
    this.checkDepth(node, depth);
    const parts = named(node);
    // An `expression` node with one child is a wrapper; with more it is an operation, call, traversal…
    if (node.type === 'expression' && parts.length === 1 && node.childCount === 1) return this.expression(parts[0]!, depth + 1);
    switch (node.type) {
      case 'literal_value':
        return this.literal(parts[0]!);
      case 'collection_value':
        return this.expression(parts[0]!, depth + 1);
      case 'tuple':
        return parts.filter((part) => part.type === 'expression').map((part) => this.expression(part, depth + 1));
      case 'object':
        return this.object(node, depth);
      case 'template_expr':
        return this.template(parts[0]!);
      case 'operation':
        return negativeNumber(parts[0]!) ?? `\${${node.text}}`;
      default:
        return `\${${node.text}}`;
    }
  }

  private literal(node: Node): unknown {
    switch (node.type) {
      case 'numeric_lit':
        return Number(node.text);
      case 'bool_lit':
        return node.text === 'true';
      case 'null_lit':
        return null;
      case 'string_lit':
        return this.quoted(node);
      default:
        return `\${${node.text}}`;
    }
  }

  private object(node: Node, depth: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (const element of named(node).filter((part) => part.type === 'object_elem')) {
      const [keyNode, valueNode] = named(element);
      if (!keyNode || !valueNode) continue;
      object[this.objectKey(keyNode)] = this.expression(valueNode, depth + 1);
    }
    return object;
  }

  /** A bare name or a literal string is the key itself; any other key expression is kept as its text. */
  private objectKey(node: Node): string {
    const inner = named(node);
    if (node.childCount === 1 && inner[0]?.type === 'variable_expr') return inner[0].text;
    const value = this.expression(node, 0);
    return typeof value === 'string' ? value : `\${${node.text}}`;
  }

  /** A quoted string: its value when it is all literal text, else its text between the quotes (a template). */
  private quoted(node: Node): string {
    const start = node.children[0];
    const end = node.children[node.childCount - 1];
    if (!start || !end || start === end) return '';
    const inner = node.text.slice(start.endIndex - node.startIndex, end.startIndex - node.startIndex);
    return unescapeString(inner);
  }

  private template(node: Node): string {
    if (node.type === 'quoted_template') return this.quoted(node);
    // A heredoc: the lines between the opening line and the closing marker, `<<-` trimming the common indent.
    const identifiers = named(node).filter((part) => part.type === 'heredoc_identifier');
    const closing = identifiers[1];
    const opening = identifiers[0];
    if (!opening || !closing) return '';
    const from = node.text.indexOf('\n', opening.endIndex - node.startIndex) + 1;
    const to = node.text.lastIndexOf('\n', closing.startIndex - node.startIndex) + 1;
    const lines = node.text.slice(from, Math.max(from, to)).split('\n');
    lines.pop();
    const indented = node.children[0]?.text.includes('-') ?? false;
    const indent = indented ? Math.min(...lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length)) : 0;
    return lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n') + (lines.length > 0 ? '\n' : '');
  }
}

function parseJsonSyntax(displayPath: string, text: string): ConfigBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new GuardrailsError('SOURCE_INVALID', `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, {
      file: displayPath,
      hint: 'A `.tf.json` file must be a JSON object in Terraform\'s JSON configuration syntax; fix it or pass the right directory with --source DIR.',
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GuardrailsError('SOURCE_INVALID', 'expected a JSON object at the top level (Terraform\'s JSON configuration syntax).', {
      file: displayPath,
      hint: 'Fix the file, or pass the directory of the configuration that was planned with --source DIR.',
    });
  }
  return parsed as ConfigBody;
}
