/**
 * Turns "this is not a usable plan" into one helpful GuardrailsError: where the JSON breaks and
 * why, or what the document is instead of a plan (a state, validate output, a newer format).
 */
import { GuardrailsError } from '../errors.js';

/** The commands that produce what the loader expects, quoted in hints. */
export const PLAN_JSON_RECIPE = '`tofu plan -out=tfplan.cache && tofu show -json tfplan.cache > tfplan.json`';

const SUPPORTED_FORMATS = '0.1 to 1.x';

/** Line and column (both 1-based) of an offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const SNIPPET_RADIUS = 40;

/**
 * The source line around an offset (at most ~80 characters, since plan JSON is often one huge
 * line) and a caret line pointing at the offset, both indented for display under a message.
 */
export function snippetWithCaret(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const lineEnd = newline === -1 ? text.length : newline;
  const from = Math.max(lineStart, offset - SNIPPET_RADIUS);
  const to = Math.min(lineEnd, offset + SNIPPET_RADIUS);
  const prefix = from > lineStart ? '…' : '';
  const suffix = to < lineEnd ? '…' : '';
  // Tabs and other control characters would shift the caret: show each as one visible character.
  const visible = (part: string): string =>
    Array.from(part, (ch) => (ch === '\t' ? ' ' : ch.charCodeAt(0) < 0x20 || ch === '\u007f' ? '·' : ch)).join('');
  const before = prefix + visible(text.slice(from, offset));
  const line = before + visible(text.slice(offset, to)).replace(/\r$/, '') + suffix;
  return `    ${line}\n    ${' '.repeat(before.length)}^`;
}

const WRAPPER_LINE = /^\[command\]/;

/**
 * Builds the NOT_JSON or TRUNCATED_JSON error for a text JSON.parse rejected. Its content is
 * shown (a snippet around the error) only when the text is evidently meant as plan JSON, an
 * object: the file may be anything a registry or a command line names (`/proc/self/environ`, a
 * key file), and no part of such a file is echoed into a log or a report.
 */
export function syntaxError(
  text: string,
  file: string,
  problem: { offset: number; expected: string; endOfInput: boolean },
): GuardrailsError {
  if (WRAPPER_LINE.test(text)) {
    return new GuardrailsError(
      'NOT_JSON',
      'is not plain JSON: its first line is a command line (it begins with `[command]`) printed by a CI wrapper, ' +
        'which the hashicorp/setup-terraform action adds in front of the output of `terraform show -json`.',
      {
        file,
        hint: 'Disable the wrapper (`terraform_wrapper: false` in the setup-terraform step) or strip that first line before saving the plan JSON.',
      },
    );
  }
  if (!looksLikeJsonObject(text)) {
    return new GuardrailsError('NOT_JSON', `is not JSON: it is ${describeNonJson(text)}, and plan JSON is an object, beginning with \`{\`.`, {
      file,
      hint: `Check that the path names the plan, and give the unmodified output of ${PLAN_JSON_RECIPE}.`,
    });
  }
  const { line, column } = lineAndColumn(text, problem.offset);
  if (problem.endOfInput) {
    return new GuardrailsError(
      'TRUNCATED_JSON',
      `ends in the middle of the JSON (line ${line}, column ${column}: expected ${problem.expected}); the file looks cut off.`,
      {
        file,
        hint: 'The artifact is probably incomplete (an interrupted download, a full disk, a size limit): produce or fetch it again.',
      },
    );
  }
  const found = text[problem.offset] ?? '';
  return new GuardrailsError(
    'NOT_JSON',
    `is not valid JSON: at line ${line}, column ${column} expected ${problem.expected} but found ${quoteShort(found)}:\n` +
      `${snippetWithCaret(text, problem.offset)}\n`,
    { file, hint: `Give the unmodified output of ${PLAN_JSON_RECIPE}.` },
  );
}

/** True when the first character after JSON whitespace opens an object: an attempt at plan JSON. */
function looksLikeJsonObject(text: string): boolean {
  return /^[ \t\r\n]*\{/.test(text);
}

/** What a text that is no JSON object is, in neutral words: never any of its content. */
function describeNonJson(text: string): string {
  const head = text.slice(0, 512);
  // NUL, the replacement character of undecodable bytes, or control characters other than whitespace.
  const binary = Array.from(head).some((ch) => ch === '\ufffd' || (ch < ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r'));
  if (binary) return 'binary data (not text)';
  if (/^[ \t\r\n]*\[/.test(text)) return 'text beginning with `[` that is not valid JSON';
  return 'text that is not JSON';
}

type JsonObject = Record<string, unknown>;

/** Keys of which a plan has at least one; a document with none of them is something else. */
const PLAN_KEYS = ['planned_values', 'resource_changes', 'configuration', 'prior_state', 'output_changes', 'resource_drift'];

/**
 * Explains why a parsed document is not a plan this tool reads, or returns undefined when it is
 * shaped like a plan of a supported format (its details are then up to the schema).
 */
export function notAPlanError(document: unknown, file: string): GuardrailsError | undefined {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return new GuardrailsError('NOT_A_PLAN', `is JSON but not a plan: it holds ${describeJsonType(document)}, expected an object with a format_version.`, {
      file,
      hint: `Give the output of ${PLAN_JSON_RECIPE}.`,
    });
  }
  const object = document as JsonObject;
  if (object.format_version === undefined) return missingFormatVersion(object, file);
  const unsupported = unsupportedFormat(object.format_version, file);
  if (unsupported) return unsupported;
  if (PLAN_KEYS.some((key) => key in object)) return undefined;
  return withoutPlanKeys(object, file);
}

function missingFormatVersion(object: JsonObject, file: string): GuardrailsError {
  const report = planReportError(object, file);
  if (report) return report;
  if (typeof object.version === 'number' && ('lineage' in object || 'serial' in object || Array.isArray(object.resources))) {
    return new GuardrailsError(
      'STATE_NOT_PLAN',
      `is a state file (version ${object.version}), not a plan: a state says what exists, not what the next apply will change.`,
      { file, hint: `Produce plan JSON with ${PLAN_JSON_RECIPE}.` },
    );
  }
  const keys = Object.keys(object);
  const shown = keys.length === 0 ? 'no keys at all' : `the keys ${listShort(keys)}`;
  return new GuardrailsError('NOT_A_PLAN', `is JSON but not a plan: it has no format_version (found ${shown}).`, {
    file,
    hint: `Give the output of ${PLAN_JSON_RECIPE}.`,
  });
}

const PLAN_REPORT_KEYS = ['create', 'update', 'delete'];

/**
 * GitLab's Terraform/OpenTofu plan report (`artifacts:reports:terraform`, the plan.json of GitLab's
 * OpenTofu component): only how many resources a plan creates, updates and deletes.
 */
function planReportError(object: JsonObject, file: string): GuardrailsError | undefined {
  const keys = Object.keys(object);
  const isReport = keys.length > 0 && keys.every((key) => PLAN_REPORT_KEYS.includes(key) && typeof object[key] === 'number');
  if (!isReport) return undefined;
  return new GuardrailsError(
    'NOT_A_PLAN',
    `is GitLab's plan report (${keys.map((key) => `${key}: ${String(object[key])}`).join(', ')}), the summary that artifacts:reports:terraform shows in the merge request and that GitLab's OpenTofu component saves as plan.json; it counts the changes but does not say what they are, so no guardrail can be judged on it.`,
    {
      file,
      hint:
        'Publish the plan itself as JSON from the plan job: add `gitlab-tofu show -json plan.cache > tfplan.json` (in the OpenTofu component\'s image; ' +
        '`tofu show -json plan.cache > tfplan.json` elsewhere) after the plan, keep tfplan.json in its artifacts:paths, and pass --plan tfplan.json. ' +
        'Or pass the binary plan.cache with tofu available in the gate job.',
    },
  );
}

function unsupportedFormat(formatVersion: unknown, file: string): GuardrailsError | undefined {
  const match = typeof formatVersion === 'string' ? /^(\d+)\.(\d+)$/.exec(formatVersion) : null;
  if (match === null) {
    return new GuardrailsError(
      'INVALID_PLAN',
      `has format_version ${JSON.stringify(formatVersion)}; expected a version string such as "1.2" (supported: ${SUPPORTED_FORMATS}).`,
      { file, hint: `Give the unmodified output of ${PLAN_JSON_RECIPE}.` },
    );
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major === 1 || (major === 0 && minor >= 1)) return undefined;
  return new GuardrailsError(
    'UNSUPPORTED_FORMAT_VERSION',
    `uses plan JSON format_version "${formatVersion as string}", which this version of tofu-guardrails does not read; supported format versions are ${SUPPORTED_FORMATS}.`,
    {
      file,
      hint:
        major >= 2
          ? 'A major format version may change the meaning of fields the guardrails rely on: upgrade tofu-guardrails, or render the plan with a tool version that emits format 1.x.'
          : 'Render the plan with a tool version that emits format 0.1 to 1.x.',
    },
  );
}

function withoutPlanKeys(object: JsonObject, file: string): GuardrailsError {
  if ('values' in object || Object.keys(object).every((key) => key === 'format_version' || key === 'terraform_version')) {
    return new GuardrailsError(
      'STATE_NOT_PLAN',
      'is the JSON of a state (`show -json` without a plan file, with values but no planned_values or resource_changes), not of a plan.',
      { file, hint: `Produce plan JSON with ${PLAN_JSON_RECIPE}: \`show -json\` needs the saved plan file as its argument.` },
    );
  }
  const what =
    'valid' in object || 'diagnostics' in object
      ? ' (it looks like the output of `validate -json`)'
      : 'provider_schemas' in object
        ? ' (it looks like the output of `providers schema -json`)'
        : '';
  return new GuardrailsError(
    'NOT_A_PLAN',
    `has a format_version but none of the plan keys (${PLAN_KEYS.join(', ')})${what}; found ${listShort(Object.keys(object))}.`,
    { file, hint: `Give the output of ${PLAN_JSON_RECIPE}.` },
  );
}

/** Error for a plan that Terraform/OpenTofu itself marked as failed. */
export function erroredPlanError(file: string): GuardrailsError {
  return new GuardrailsError(
    'ERRORED_PLAN',
    'is a plan that ended with errors ("errored": true): it is incomplete, so no guardrail verdict on it can be trusted.',
    { file, hint: 'Fix the errors the plan step reported (see its output), plan again, and check the new plan.' },
  );
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  // Not the value itself: a file that holds one bare value is no attempt at a plan, and is not echoed.
  if (typeof value === 'string') return `a string of ${value.length} character${value.length === 1 ? '' : 's'}`;
  return `a ${typeof value}`;
}

function listShort(keys: readonly string[]): string {
  const shown = keys.slice(0, 6).join(', ');
  return keys.length > 6 ? `${shown} and ${keys.length - 6} more` : shown;
}

function quoteShort(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
