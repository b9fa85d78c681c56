/**
 * Loading a plan: from a JSON file, from stdin (`-`), or from a binary plan file rendered with
 * `tofu show -json`. The text is read once, decoded once and parsed once; every problem becomes
 * one GuardrailsError naming the file.
 */
import path from 'node:path';
import { GuardrailsError } from '../errors.js';
import { readInputFile, readInputStream } from '../io/read-input.js';
import { jsonNestingExceeds, tooDeepError } from '../io/nesting.js';
import { erroredPlanError, notAPlanError, syntaxError } from './diagnose.js';
import { locateJsonSyntaxError } from './json-syntax.js';
import { validatePlanSchema } from './schema.js';
import { showPlanJson, type ShowOptions } from './show.js';
import type { LoadedPlan, RawPlan } from './types.js';

export interface LoadPlanOptions {
  /** Relative paths are resolved against this. */
  cwd: string;
  /** Configuration directory where `show -json` runs for a binary plan (default: cwd). */
  chdir?: string;
  /** Binary to use instead of tofu/terraform. */
  tofuBin?: string;
  /** Read for input `-`. */
  stdin?: NodeJS.ReadableStream;
  /** Environment for the child process and its PATH lookup (the child sees only its allowlisted part). */
  env?: Readonly<Record<string, string | undefined>>;
  /** How long `show -json` may run on a binary plan (default DEFAULT_SHOW_TIMEOUT_MS). */
  showTimeoutMs?: number;
}

/** Loads and validates a plan from a JSON file, `-` (stdin) or a binary plan file. */
export async function loadPlan(input: string, options: LoadPlanOptions): Promise<LoadedPlan> {
  if (input === '-') return loaded(input, await readStdinText(input, options.stdin), 'stdin');
  const absolute = path.resolve(options.cwd, input);
  const text = await readFileText(absolute, input);
  if (text !== BINARY_PLAN) return loaded(input, text, 'json');
  const shown = await showPlanText(absolute, input, {
    cwd: path.resolve(options.cwd, options.chdir ?? '.'),
    tofuBin: options.tofuBin,
    env: options.env,
    timeoutMs: options.showTimeoutMs,
  });
  return loaded(input, shown, 'binary');
}

/**
 * Plan JSON as decoded text with the size of its bytes. Readers return this, never the bytes: a
 * Buffer still referenced while the text is parsed would add the file's size to the peak memory.
 */
interface PlanText {
  readonly text: string;
  readonly bytes: number;
}

/** What readFileText answers for a saved (binary) plan, which must be rendered first. */
const BINARY_PLAN = Symbol('binary plan');

async function readFileText(absolute: string, input: string): Promise<PlanText | typeof BINARY_PLAN> {
  const bytes = await readPlanFile(absolute, input);
  return isZip(bytes) ? BINARY_PLAN : decoded(bytes);
}

async function readStdinText(input: string, stdin: NodeJS.ReadableStream | undefined): Promise<PlanText> {
  if (stdin === undefined) throw new GuardrailsError('USAGE', 'the plan is `-` (stdin), but no standard input is available.', { file: shownName(input) });
  const bytes = await readInputStream(stdin, { display: shownName(input), kind: 'plan', expected: 'plan JSON' });
  if (isZip(bytes)) {
    throw new GuardrailsError('USAGE', 'is a binary plan file, which can only be read from a path (it is rendered with `tofu show -json <file>`).', {
      file: shownName(input),
      hint: 'Pass the binary plan file by its path, or pipe the JSON instead: `tofu show -json tfplan.cache | guardrails ... --plan -`.',
    });
  }
  return decoded(bytes);
}

async function showPlanText(absolute: string, input: string, options: ShowOptions): Promise<PlanText> {
  return decoded((await showPlanJson(absolute, input, options)).json);
}

function decoded(bytes: Buffer): PlanText {
  return { text: decodeText(bytes), bytes: bytes.length };
}

/** Parses and validates plan JSON text (used by loadPlan and by observe for fetched artifacts). */
export function parsePlanText(text: string, displayPath: string): RawPlan {
  const file = shownName(displayPath);
  // Searching for the first non-space stops at once on real input; trim() would copy 100 MB.
  if (!/\S/.test(text)) {
    throw new GuardrailsError('EMPTY_INPUT', `is empty${text.length > 0 ? ' (only whitespace)' : ''}; expected plan JSON.`, {
      file,
      hint: 'Check that the step that wrote it succeeded (e.g. `tofu show -json tfplan.cache > tfplan.json`) and that the right artifact was passed.',
    });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // The engine's message differs between Node versions; the scanner gives position and cause uniformly.
    const problem = locateJsonSyntaxError(text);
    if (problem === undefined) throw error;
    throw syntaxError(text, file, problem);
  }
  // Checked before anything walks the document recursively (unknown-value masks, module calls).
  if (jsonNestingExceeds(text) !== undefined) throw tooDeepError(file, 'plan JSON');
  const notAPlan = notAPlanError(document, file);
  if (notAPlan) throw notAPlan;
  if ((document as Record<string, unknown>).errored === true) throw erroredPlanError(file);
  validatePlanSchema(document, file);
  return document;
}

function loaded(input: string, source: PlanText, origin: LoadedPlan['origin']): LoadedPlan {
  return { displayPath: input, raw: parsePlanText(source.text, input), bytes: source.bytes, origin };
}

/** How stdin is named in messages. */
function shownName(displayPath: string): string {
  return displayPath === '-' ? '<stdin>' : displayPath;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** A saved plan (`tofu plan -out=...`) is a zip archive, whatever its name. */
function isZip(bytes: Buffer): boolean {
  return bytes.length >= ZIP_MAGIC.length && bytes.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC);
}

/**
 * UTF-8, with or without a byte order mark; UTF-16LE when it has one, because Windows
 * PowerShell 5 writes `tofu show -json plan > tfplan.json` that way.
 */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString('utf8', 3);
  return bytes.toString('utf8');
}

function readPlanFile(absolute: string, input: string): Promise<Buffer> {
  return readInputFile(absolute, {
    display: input,
    kind: 'plan',
    expected: 'a plan file (JSON or binary)',
    missingHint: 'Check the path and the working directory; in CI, check that the plan job saved the file as an artifact and this job downloads it.',
  });
}
