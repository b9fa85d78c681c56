/**
 * Reading values as written, never evaluating them. hcl2json renders every expression that is
 * not a plain literal as a template string (`${var.x}`, `a-${b}`), and JSON syntax (`.tf.json`)
 * uses the same convention, so a value is a literal exactly when it carries no interpolation or
 * directive.
 */

/** A `${` or `%{` not escaped by doubling (`$${`, `%%{` are literal text). */
const INTERPOLATION = /(?<!\$)\$\{/;
const DIRECTIVE = /(?<!%)%\{/;

/** True when a value from the sources is an expression kept as its text rather than a literal. */
export function isExpressionText(value: unknown): boolean {
  return typeof value === 'string' && (INTERPOLATION.test(value) || DIRECTIVE.test(value));
}

/** The value a literal string stands for: template escapes undone. */
function unescapeLiteral(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** Literal settings with strings unescaped; expressions stay as their text, nested blocks recurse. */
export function literalSettings(body: Readonly<Record<string, unknown>>, omit: readonly string[] = []): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!omit.includes(name)) settings[name] = literalValue(value);
  }
  return settings;
}

function literalValue(value: unknown): unknown {
  if (typeof value === 'string') return isExpressionText(value) ? value : unescapeLiteral(value);
  if (Array.isArray(value)) return value.map(literalValue);
  if (value !== null && typeof value === 'object') return literalSettings(value as Record<string, unknown>);
  return value;
}

/** A literal `true`/`false`, or undefined for anything else (absent, or written as something Terraform would not accept). */
export function literalBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** A literal string, or undefined. */
export function literalString(value: unknown): string | undefined {
  return typeof value === 'string' && !isExpressionText(value) ? unescapeLiteral(value) : undefined;
}

/** The expression text of a single whole interpolation (`${tags.x}` → `tags.x`), else undefined. */
function singleInterpolation(text: string): string | undefined {
  if (!text.startsWith('${') || !text.endsWith('}')) return undefined;
  const inner = text.slice(2, -1);
  return isExpressionText(inner) ? undefined : inner.trim();
}

/**
 * `ignore_changes` as attribute names, or `all`. HCL writes bare traversals (`[tags]`, `all`),
 * which hcl2json wraps as `${tags}`; JSON syntax and pre-0.12 HCL write them as plain strings.
 * Anything else (a variable, a function call) is not something Terraform accepts: undefined.
 */
export function ignoreChangesValue(value: unknown): string[] | 'all' | undefined {
  if (typeof value === 'string') {
    return (singleInterpolation(value) ?? value) === 'all' ? 'all' : undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const names: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') return undefined;
    const name = isExpressionText(item) ? singleInterpolation(item) : item;
    if (name === undefined || name === '') return undefined;
    names.push(name);
  }
  return names;
}

/** How a value that is not the expected literal was written: expressions as their text, literals as HCL would show them. */
export function expressionText(value: unknown): string {
  return typeof value === 'string' && isExpressionText(value) ? value : JSON.stringify(value);
}
