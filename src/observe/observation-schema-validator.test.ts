import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../version.js';

// The observation validator is compiled ahead of time, like the plan validator: `promote` and
// `observe merge` validate their input without loading ajv. This test keeps the generated module
// in step with the schemas; after changing either, run
// `npx vitest run src/observe/observation-schema-validator.test.ts --update`.
const HEADER = `/* eslint-disable */
// Generated from schema/observation-report.schema.json and schema/findings-report.schema.json
// by src/observe/observation-schema-validator.test.ts; do not edit.
// Regenerate after changing a schema: npx vitest run src/observe/observation-schema-validator.test.ts --update
// @ts-nocheck
`;

const schema = (name: string): object => JSON.parse(readFileSync(path.join(packageRoot(), 'schema', name), 'utf8')) as object;

function generatedSource(): string {
  // unicode: false counts string length in code units, so the generated code needs no ajv runtime import.
  const ajv = new Ajv2020({ allErrors: true, strict: true, unicode: false, code: { source: true, esm: true } });
  ajv.addSchema(schema('findings-report.schema.json'));
  return `${HEADER}${standaloneCode.default(ajv, ajv.compile(schema('observation-report.schema.json')))}\n`;
}

describe('the ahead-of-time observation schema validator', () => {
  it('is what ajv generates from the shipped schemas today', async () => {
    await expect(generatedSource()).toMatchFileSnapshot('./observation-schema-validator.generated.ts');
  });
});
