/** The json renderers' output validates against the shipped schemas, and the schemas reject what the types forbid. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderCheckJson, renderObservationJson } from '../../src/report/json.js';
import { failingCheck, observation, warningCheck } from './fixtures.js';

const schemaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema');
const loadSchema = (name: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(schemaDir, name), 'utf8')) as Record<string, unknown>;

function compile() {
  // strict: true turns every strict-mode warning (unknown keywords, loose types, union types) into an error.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addSchema(loadSchema('findings-report.schema.json'));
  ajv.addSchema(loadSchema('observation-report.schema.json'));
  return {
    findings: ajv.getSchema('https://tofu-guardrails.dev/schema/findings-report.schema.json')!,
    observation: ajv.getSchema('https://tofu-guardrails.dev/schema/observation-report.schema.json')!,
  };
}

const parse = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

describe('report schemas', () => {
  const validate = compile();

  it.each([
    ['failing check', renderCheckJson(failingCheck)],
    ['warning check', renderCheckJson(warningCheck)],
  ])('the %s report is valid', (_name, text) => {
    expect(validate.findings(parse(text)), JSON.stringify(validate.findings.errors)).toBe(true);
  });

  it('the observation report is valid, embedded findings reports included', () => {
    expect(validate.observation(parse(renderObservationJson(observation))), JSON.stringify(validate.observation.errors)).toBe(true);
  });

  it.each<[string, (report: Record<string, unknown>) => void]>([
    ['a missing verdict', (report) => delete report.verdict],
    ['an unknown outcome', (report) => ((report.guardrails as Array<Record<string, unknown>>)[0]!.status = 'unknown')],
    ['an extra top-level key', (report) => (report.extra = true)],
    ['a finding without its address', (report) => delete ((report.guardrails as Array<{ findings: Array<Record<string, unknown>> }>)[0]!.findings[0]!.address)],
    ['a waiver without its owner', (report) => delete (report.guardrails as Array<{ findings: Array<{ waiver?: Record<string, unknown> }> }>)[1]!.findings[0]!.waiver!.owner],
    ['schemaVersion 2', (report) => (report.schemaVersion = 2)],
  ])('a findings report with %s is rejected', (_name, mutate) => {
    const report = parse(renderCheckJson(failingCheck));
    mutate(report);
    expect(validate.findings(report)).toBe(false);
  });

  it('an observation whose embedded findings report is broken is rejected (the $ref is followed)', () => {
    const report = parse(renderObservationJson(observation)) as { workloads: Array<{ report?: Record<string, unknown> }> };
    delete report.workloads[0]!.report!.summary;
    expect(validate.observation(report)).toBe(false);
  });

  it('every property in both schemas is documented', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) {
        node.forEach((item, index) => walk(item, `${where}[${index}]`));
        return;
      }
      if (node === null || typeof node !== 'object') {
        return;
      }
      const record = node as Record<string, unknown>;
      for (const [name, property] of Object.entries((record.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (typeof property.description !== 'string' && typeof property.$ref !== 'string') {
          undocumented.push(`${where}.${name}`);
        }
      }
      for (const [key, value] of Object.entries(record)) {
        walk(value, `${where}.${key}`);
      }
    };
    walk(loadSchema('findings-report.schema.json'), 'findings');
    walk(loadSchema('observation-report.schema.json'), 'observation');
    expect(undocumented).toEqual([]);
  });
});
