/**
 * Parsing one configuration file into the JSON form of HCL. `.tf` files go through hcl2json
 * (HashiCorp's HCL parser compiled to WebAssembly); `.tf.json` files are JSON already.
 */
import { GuardrailsError } from '../errors.js';

/** What a parsed file holds: block type → blocks, in hcl2json's JSON shape. */
export type ConfigBody = Record<string, unknown>;

interface Hcl2Json {
  parse(filename: string, contents: string): Promise<ConfigBody>;
}

// Importing the package compiles and starts the WebAssembly module (a few hundred ms), so it
// happens on the first `.tf` file only. The specifier is a variable so the compiler does not pull
// in the package's declarations, which reference the DOM library and would leak it project-wide.
const HCL2JSON_PACKAGE = '@cdktf/hcl2json';
let hclParser: Promise<Hcl2Json> | undefined;

function loadHclParser(): Promise<Hcl2Json> {
  hclParser ??= import(HCL2JSON_PACKAGE).then((module: Hcl2Json) => module);
  return hclParser;
}

/** hcl2json reports diagnostics as `parse config: [<file>:<line>,<col>-<end>: <summary>; <detail>]`. */
const DIAGNOSTIC = /^(?:parse config: )?\[?(.*?):(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([\s\S]*?)\]?$/;

/** Parses one file's text; `displayPath` names it in messages. Throws SOURCE_INVALID on a syntax error. */
export async function parseConfigFile(displayPath: string, text: string): Promise<ConfigBody> {
  return displayPath.endsWith('.json') ? parseJsonSyntax(displayPath, text) : parseHclSyntax(displayPath, text);
}

async function parseHclSyntax(displayPath: string, text: string): Promise<ConfigBody> {
  const parser = await loadHclParser();
  try {
    return await parser.parse(displayPath, text);
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const match = DIAGNOSTIC.exec(raw);
    const where = match ? `line ${match[2]}, column ${match[3]}: ` : '';
    const what = match ? (match[4] ?? raw) : raw;
    throw new GuardrailsError('SOURCE_INVALID', `${where}not valid HCL: ${what.trim()}`, {
      file: displayPath,
      hint: 'Fix the syntax (`tofu validate` reports the same error), or pass the directory of the configuration that was planned with --source DIR.',
      cause: error,
    });
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
