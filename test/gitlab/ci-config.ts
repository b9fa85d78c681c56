// GitLab CI configuration helpers for tests: schema validation and CI/CD component rendering.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let validator: ValidateFunction | undefined;

/** GitLab's CI schema (draft-07), compiled once; formats are descriptive there, so they are not checked. */
function ciValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'gitlab', 'schema', 'ci.json'), 'utf8')) as object;
    validator = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  }
  return validator;
}

/** Schema errors of one CI configuration document, as "path: message" lines (empty when valid). */
export function ciSchemaErrors(document: unknown): string[] {
  const validate = ciValidator();
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => `${error.instancePath || '/'}: ${error.message ?? 'invalid'}`);
}

/** A parsed YAML file (anchors and aliases resolved). */
export function readYaml(relativePath: string): unknown {
  return parse(readFileSync(path.join(repoRoot, relativePath), 'utf8'));
}

export type InputType = 'string' | 'number' | 'boolean' | 'array';
export type InputValue = string | number | boolean | unknown[];

export interface InputSpec {
  type?: InputType;
  default?: InputValue;
  description?: string;
  options?: InputValue[];
  regex?: string;
}

export interface Component {
  /** The header document: `spec: { inputs: ... }`. */
  header: { spec: { inputs: Record<string, InputSpec> } };
  /** The configuration document, inputs not yet interpolated. */
  body: unknown;
}

/** Splits a component file into its `spec:` header and its configuration (two YAML documents). */
export function parseComponent(text: string): Component {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length !== 2) {
    throw new Error(`a component has a spec header and a configuration separated by "---"; found ${Array.isArray(documents) ? documents.length : 0} document(s)`);
  }
  const [header, body] = documents.map((document) => {
    if (document.errors.length > 0) throw new Error(`YAML error: ${document.errors[0]?.message}`);
    return document.toJS() as unknown;
  });
  const spec = (header as { spec?: { inputs?: unknown } } | null)?.spec;
  if (!spec || typeof spec.inputs !== 'object' || spec.inputs === null) {
    throw new Error('the first document must be `spec: { inputs: ... }`');
  }
  return { header: header as Component['header'], body };
}

const interpolation = /\$\[\[\s*inputs\.([\w-]+)\s*(\|[^\]]*)?\]\]/g;
const wholeInterpolation = /^\$\[\[\s*inputs\.([\w-]+)\s*\]\]$/;

/**
 * Interpolates `$[[ inputs.NAME ]]` the way GitLab does: a value that is exactly one interpolation
 * takes the input's typed value (an array input becomes a YAML sequence); inside a longer string
 * the value is inserted as text. Inputs are checked against the spec (known name, type, options, regex).
 */
export function renderComponent(component: Component, given: Record<string, InputValue> = {}): unknown {
  const specs = component.header.spec.inputs;
  for (const name of Object.keys(given)) {
    if (!(name in specs)) throw new Error(`unknown input "${name}"`);
  }
  const values = new Map<string, InputValue>();
  for (const [name, spec] of Object.entries(specs)) {
    values.set(name, checkedInput(name, spec ?? {}, given[name] ?? spec?.default));
  }
  const valueOf = (name: string): InputValue => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`interpolation of undeclared input "${name}"`);
    return value;
  };
  const renderString = (text: string): unknown => {
    const whole = wholeInterpolation.exec(text);
    if (whole) return valueOf(whole[1] as string);
    return text.replace(interpolation, (_match, name: string, functions: string | undefined) => {
      if (functions) throw new Error(`interpolation functions are not supported here: ${functions}`);
      const value = valueOf(name);
      if (Array.isArray(value)) throw new Error(`array input "${name}" can only be the whole value of a key`);
      return String(value);
    });
  };
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return renderString(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, value]) => {
          const renderedKey = renderString(key);
          if (typeof renderedKey !== 'string') throw new Error(`key "${key}" must interpolate to a string`);
          return [renderedKey, walk(value)];
        }),
      );
    }
    return node;
  };
  return walk(component.body);
}

function checkedInput(name: string, spec: InputSpec, value: InputValue | undefined): InputValue {
  if (value === undefined) throw new Error(`input "${name}" has no default and was not given`);
  const type = spec.type ?? 'string';
  const actual = Array.isArray(value) ? 'array' : typeof value;
  if (actual !== type) throw new Error(`input "${name}" must be a ${type}, got ${actual}`);
  if (spec.options && !spec.options.includes(value)) {
    throw new Error(`input "${name}" must be one of ${spec.options.join(', ')}, got ${String(value)}`);
  }
  if (spec.regex !== undefined && !new RegExp(spec.regex).test(String(value))) {
    throw new Error(`input "${name}" does not match ${spec.regex}: ${String(value)}`);
  }
  return value;
}
