import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGuardrailsError, type ErrorCode, type GuardrailsError } from '../errors.js';
import { loadPlan, parsePlanText } from './load.js';

/** A small but complete plan in the shape `show -json` writes. */
function plan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: {
      root_module: {
        resources: [{ address: 'terraform_data.a', mode: 'managed', type: 'terraform_data', name: 'a', values: { input: 'x' }, sensitive_values: {} }],
      },
    },
    resource_changes: [
      { address: 'terraform_data.a', mode: 'managed', type: 'terraform_data', name: 'a', change: { actions: ['create'], before: null, after: { input: 'x' } } },
    ],
    configuration: { root_module: { resources: [{ address: 'terraform_data.a', mode: 'managed', type: 'terraform_data', name: 'a', expressions: {} }] } },
    ...overrides,
  };
}

const validPlanText = JSON.stringify(plan(), null, 2);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'guardrails-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function errorOf(promise: Promise<unknown>): Promise<GuardrailsError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isGuardrailsError(error)) throw new Error(`expected a GuardrailsError, got ${String(error)}`);
  return error;
}

function parseError(text: string, displayPath = 'tfplan.json'): GuardrailsError {
  try {
    parsePlanText(text, displayPath);
  } catch (error) {
    if (isGuardrailsError(error)) return error;
    throw error;
  }
  throw new Error('expected parsePlanText to throw');
}

describe('loadPlan from a JSON file', () => {
  it('loads a plan relative to cwd', async () => {
    await writeFile(path.join(dir, 'ok.json'), validPlanText);
    const loaded = await loadPlan('ok.json', { cwd: dir });
    expect(loaded).toEqual({ displayPath: 'ok.json', raw: plan(), bytes: Buffer.byteLength(validPlanText), origin: 'json' });
  });

  it.each([
    ['a UTF-8 byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(validPlanText)])],
    ['UTF-16LE with a byte order mark (Windows PowerShell redirection)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(validPlanText, 'utf16le')])],
  ])('reads %s', async (_name, bytes) => {
    await writeFile(path.join(dir, 'encoded.json'), bytes);
    const loaded = await loadPlan('encoded.json', { cwd: dir });
    expect(loaded.raw).toEqual(plan());
  });

  it.each([
    ['0.1', '0.12.31'],
    ['0.2', '1.0.11'],
    ['1.0', '1.1.0'],
    ['1.2', '9.3.0'],
    ['1.2', '1.12.0-alpha20250101'],
    ['1.2', '1.10.1'],
    ['1.9', '1.15.0'],
  ])('accepts format_version %s from tool version %s', (formatVersion, toolVersion) => {
    const raw = parsePlanText(JSON.stringify(plan({ format_version: formatVersion, terraform_version: toolVersion })), 'p.json');
    expect(raw.format_version).toBe(formatVersion);
  });

  it('accepts a plan without terraform_version and resource_changes (as some OpenTofu outputs are)', () => {
    const raw = plan();
    delete raw.terraform_version;
    delete raw.resource_changes;
    expect(parsePlanText(JSON.stringify(raw), 'p.json').format_version).toBe('1.2');
  });

  it('keeps unknown keys', () => {
    const raw = parsePlanText(JSON.stringify(plan({ deferred_changes: [{ reason: 'x' }], timestamp: '2025-01-01T00:00:00Z' })), 'p.json');
    expect(raw.deferred_changes).toEqual([{ reason: 'x' }]);
  });
});

describe('loadPlan from stdin', () => {
  it('reads `-` from the given stream', async () => {
    const loaded = await loadPlan('-', { cwd: dir, stdin: Readable.from([Buffer.from(validPlanText.slice(0, 100)), Buffer.from(validPlanText.slice(100))]) });
    expect(loaded).toMatchObject({ displayPath: '-', origin: 'stdin', bytes: Buffer.byteLength(validPlanText) });
    expect(loaded.raw).toEqual(plan());
  });

  it('reads a stream that yields strings', async () => {
    const loaded = await loadPlan('-', { cwd: dir, stdin: Readable.from([validPlanText], { objectMode: true }) });
    expect(loaded.raw).toEqual(plan());
  });

  it('names stdin as <stdin> in errors', async () => {
    const error = await errorOf(loadPlan('-', { cwd: dir, stdin: Readable.from([Buffer.from('  \n')]) }));
    expect(error.code).toBe('EMPTY_INPUT');
    expect(error.file).toBe('<stdin>');
    expect(error.toUserMessage()).toMatch(/^error: <stdin>: is empty/);
  });

  it('refuses a binary plan on stdin with a hint', async () => {
    const error = await errorOf(loadPlan('-', { cwd: dir, stdin: Readable.from([Buffer.from('PK\u0003\u0004rest', 'latin1')]) }));
    expect(error.code).toBe('USAGE');
    expect(error.hint).toContain('tofu show -json tfplan.cache |');
  });

  it('refuses `-` when there is no stdin', async () => {
    expect((await errorOf(loadPlan('-', { cwd: dir }))).code).toBe('USAGE');
  });
});

describe('loadPlan refuses bad files', () => {
  it('reports a missing file with its resolved path', async () => {
    const error = await errorOf(loadPlan('missing/tfplan.json', { cwd: dir }));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.exitCode).toBe(2);
    expect(error.file).toBe('missing/tfplan.json');
    expect(error.message).toContain(path.join(dir, 'missing', 'tfplan.json'));
  });

  it('reports a directory as unreadable', async () => {
    await mkdir(path.join(dir, 'plans'), { recursive: true });
    const error = await errorOf(loadPlan('plans', { cwd: dir }));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toContain('is a directory');
  });

  it.runIf(process.platform !== 'win32' && process.getuid?.() !== 0)('reports a file without read permission', async () => {
    const file = path.join(dir, 'secret.json');
    await writeFile(file, validPlanText, { mode: 0o000 });
    const error = await errorOf(loadPlan(file, { cwd: dir }));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toContain('permission denied');
  });
});

describe('parsePlanText diagnoses what it was given', () => {
  const stateFile = JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 3, lineage: 'abc', outputs: {}, resources: [] });
  const stateShow = JSON.stringify({ format_version: '1.0', terraform_version: '1.11.4', values: { root_module: { resources: [] } } });
  const errored = JSON.stringify(plan({ errored: true, applyable: false, complete: false }));

  it.each<[string, string, ErrorCode, RegExp]>([
    ['empty', '', 'EMPTY_INPUT', /is empty; expected plan JSON/],
    ['whitespace only', ' \n\t\r\n', 'EMPTY_INPUT', /only whitespace/],
    ['cut off', validPlanText.slice(0, 200), 'TRUNCATED_JSON', /line \d+, column \d+.*looks cut off/s],
    ['cut off inside a string', '{"format_version": "1.', 'TRUNCATED_JSON', /cut off/],
    ['not JSON', 'format_version = 1.2', 'NOT_JSON', /is not JSON: it is text that is not JSON, and plan JSON is an object/],
    ['a wrapper command line', `[command]/home/runner/work/_temp/abc/terraform-bin show -json tfplan\n${validPlanText}`, 'NOT_JSON', /CI wrapper.*terraform_wrapper: false/s],
    ['an array', '[1, 2]', 'NOT_A_PLAN', /an array of 2 items/],
    ['a string', '"tfplan"', 'NOT_A_PLAN', /a string/],
    ['null', 'null', 'NOT_A_PLAN', /holds null/],
    ['an object without format_version', '{"resource_changes": []}', 'NOT_A_PLAN', /no format_version \(found the keys resource_changes\)/],
    ['validate -json output', '{"format_version": "1.0", "valid": true, "error_count": 0, "diagnostics": []}', 'NOT_A_PLAN', /validate -json/],
    ['providers schema -json output', '{"format_version": "1.0", "provider_schemas": {}}', 'NOT_A_PLAN', /providers schema -json/],
    ['a state file', stateFile, 'STATE_NOT_PLAN', /state file \(version 4\).*tofu plan -out=tfplan.cache && tofu show -json tfplan.cache > tfplan.json/s],
    ['show -json of a state', stateShow, 'STATE_NOT_PLAN', /JSON of a state.*tofu plan -out=tfplan.cache/s],
    ['show -json of an empty state', '{"format_version":"1.0"}', 'STATE_NOT_PLAN', /JSON of a state/],
    ['format 2.0', JSON.stringify(plan({ format_version: '2.0' })), 'UNSUPPORTED_FORMAT_VERSION', /"2\.0".*supported format versions are 0\.1 to 1\.x/],
    ['format 10.1', JSON.stringify(plan({ format_version: '10.1' })), 'UNSUPPORTED_FORMAT_VERSION', /0\.1 to 1\.x/],
    ['format 0.0', JSON.stringify(plan({ format_version: '0.0' })), 'UNSUPPORTED_FORMAT_VERSION', /0\.1 to 1\.x/],
    ['a numeric format_version', JSON.stringify(plan({ format_version: 1.2 })), 'INVALID_PLAN', /format_version 1\.2; expected a version string/],
    ['an errored plan', errored, 'ERRORED_PLAN', /"errored": true.*no guardrail verdict.*can be trusted.*Fix the errors/s],
  ])('%s', (_name, text, code, says) => {
    const error = parseError(text);
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(2);
    expect(error.file).toBe('tfplan.json');
    expect(error.hint).toBeTruthy();
    expect(error.toUserMessage()).toMatch(says);
    expect(error.toUserMessage()).not.toMatch(/\n\s+at /);
  });

  it('points at the offending character with a snippet and a caret', () => {
    const text = '{\n  "format_version": "1.2",\n  "planned_values": {} }\n}';
    const error = parseError(text);
    expect(error.code).toBe('NOT_JSON');
    expect(error.message).toContain("at line 4, column 1 expected the end of the input (only one JSON document is allowed) but found \"}\"");
    expect(error.message).toContain('\n    }\n    ^\n');
  });

  it.each([
    ['an environment block (/proc/self/environ)', 'AWS_SECRET_ACCESS_KEY=hunter2\u0000GITLAB_TOKEN=glpat-abc\u0000', /is not JSON: it is binary data \(not text\)/],
    ['a key file', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n', /is not JSON: it is text that is not JSON/],
    ['a list that breaks', '["hunter2", hunter3]', /is not JSON: it is text beginning with `\[` that is not valid JSON/],
    ['a wrapper line with a secret', '[command]/usr/bin/terraform show -json --token=hunter2\n{}', /CI wrapper/],
    ['a JSON string', '"hunter2-secret"', /holds a string of 14 characters/],
  ])('shows no content of %s', (_name, text, says) => {
    const error = parseError(text);
    expect(error.toUserMessage()).toMatch(says);
    expect(error.toUserMessage()).not.toMatch(/hunter|glpat|BEGIN|b3Bl|AWS_/);
  });

  it('keeps the snippet short on a minified single-line plan', () => {
    const text = `{"a":[${'1,'.repeat(73)}!${'2,'.repeat(5_000)}]}`;
    const error = parseError(text);
    const [, snippet, caret] = error.message.split('\n');
    expect(snippet?.length).toBeLessThan(100);
    expect(snippet?.[(caret ?? '').length - 1]).toBe('!');
    expect(error.message).toContain('line 1, column 153');
  });
});

describe('parsePlanText checks the shape with the schema', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown action', plan({ resource_changes: [{ address: 'a.b', type: 'a', change: { actions: ['destroy'] } }] }), /\/resource_changes\/0\/change\/actions\/0 must be one of "no-op", "create", "read", "update", "delete", "forget" \(found "destroy"\)/],
    ['actions that are not an array', plan({ resource_changes: [{ address: 'a.b', type: 'a', change: { actions: 'create' } }] }), /\/resource_changes\/0\/change\/actions must be array \(found "create"\)/],
    ['a change without address', plan({ resource_changes: [{ type: 'a', change: { actions: ['create'] } }] }), /\/resource_changes\/0 must have required property 'address'/],
    ['resource_changes as an object', plan({ resource_changes: {} }), /\/resource_changes must be array \(found an object\)/],
    ['a root_module that is a list', plan({ planned_values: { root_module: [] } }), /\/planned_values\/root_module must be object \(found an array\)/],
    ['configuration as a string', plan({ configuration: 'x' }), /\/configuration must be object/],
    ['prior_state as an array', plan({ prior_state: [] }), /\/prior_state must be object/],
  ])('refuses %s', (_name, document, says) => {
    const error = parseError(JSON.stringify(document));
    expect(error.code).toBe('INVALID_PLAN');
    expect(error.message).toMatch(says);
  });

  it('names a misplaced value by its type, never quoting it', () => {
    const secret = 'AKIAEXAMPLESECRET/Value+1';
    const error = parseError(JSON.stringify(plan({ resource_changes: [{ address: 'a.b', type: 'a', change: { actions: secret } }] })));
    expect(error.message).toMatch(/actions must be array \(found a string\)/);
    expect(error.message).not.toContain('AKIA');
  });

  it('names the first few problems and counts the rest', () => {
    const changes = Array.from({ length: 5 }, (_, i) => ({ address: `a.b${i}`, type: 'a', change: { actions: ['explode'] } }));
    const error = parseError(JSON.stringify(plan({ resource_changes: changes })));
    expect(error.message).toContain('/resource_changes/0/change/actions/0');
    expect(error.message).toContain('/resource_changes/2/change/actions/0');
    expect(error.message).not.toContain('/resource_changes/3/');
    expect(error.message).toContain('and 2 more.');
  });

  it('does not look inside attribute values', () => {
    const odd = { address: 'a.b', type: 'a', change: { actions: ['update'], before: { actions: 'anything', address: 7 }, after: [1, 'two'] } };
    expect(() => parsePlanText(JSON.stringify(plan({ resource_changes: [odd] })), 'p.json')).not.toThrow();
  });
});
