import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { describe, expect, it } from 'vitest';
import { planSchemaPath } from './schema.js';

// The validator is compiled ahead of time: compiling the schema with ajv on every start cost
// more than validating a 50,000-resource plan. This test keeps the generated module in step
// with schema/plan.schema.json; after changing the schema, run `npx vitest run src/plan/plan-schema-validator.test.ts --update`.
const HEADER = `/* eslint-disable */
// Generated from schema/plan.schema.json by src/plan/plan-schema-validator.test.ts; do not edit.
// Regenerate after changing the schema: npx vitest run src/plan/plan-schema-validator.test.ts --update
// @ts-nocheck
`;

function generatedSource(): string {
  const schema = JSON.parse(readFileSync(planSchemaPath(), 'utf8')) as object;
  // The same options the validator always had: every error reported, unknown keywords refused.
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, code: { source: true, esm: true } });
  return `${HEADER}${standaloneCode.default(ajv, ajv.compile(schema))}\n`;
}

describe('the ahead-of-time plan schema validator', () => {
  it('is what ajv generates from the shipped schema today', async () => {
    await expect(generatedSource()).toMatchFileSnapshot('./plan-schema-validator.generated.ts');
  });
});
