// GitLab's plan report (the {create, update, delete} counts) is refused as what it is.
import { describe, expect, it } from 'vitest';
import { isGuardrailsError, type GuardrailsError } from '../errors.js';
import { parsePlanText } from './load.js';

function parseError(text: string): GuardrailsError {
  try {
    parsePlanText(text, 'plan.json');
  } catch (error) {
    if (isGuardrailsError(error)) return error;
    throw error;
  }
  throw new Error('expected parsePlanText to throw');
}

describe("GitLab's plan report instead of the plan JSON", () => {
  it.each([
    ['the report of GitLab\'s OpenTofu component', '{"create":2,"update":0,"delete":1}'],
    ['a report with only some counts', '{"create": 0}'],
  ])('refuses %s, says what it is and shows the line to add to the plan job', (_name, text) => {
    const error = parseError(text);
    expect(error.code).toBe('NOT_A_PLAN');
    expect(error.exitCode).toBe(2);
    expect(error.file).toBe('plan.json');
    const message = error.toUserMessage();
    expect(message).toMatch(/is GitLab's plan report \(create: \d/);
    expect(message).toMatch(/artifacts:reports:terraform/);
    expect(message).toContain('gitlab-tofu show -json plan.cache > tfplan.json');
    expect(message).toContain('tofu show -json plan.cache > tfplan.json');
    expect(message).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['counts that are not numbers', '{"create":"2","update":0,"delete":0}'],
    ['other keys beside the counts', '{"create":1,"update":0,"delete":0,"resource_changes":[]}'],
  ])('keeps the generic message for %s', (_name, text) => {
    expect(parseError(text).toUserMessage()).not.toMatch(/plan report/);
  });
});
