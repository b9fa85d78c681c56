/**
 * `expect.yaml`: what one example of a guardrail must produce. Read strictly, because a key the
 * reader ignored would make the example check less than it says.
 */
import { parse as parseYaml } from 'yaml';
import { GuardrailsError } from '../errors.js';
import { readInputText } from '../io/read-input.js';
import type { Outcome } from '../report/types.js';

const OUTCOMES: readonly Outcome[] = ['passed', 'failed', 'indeterminate', 'not-applicable'];
const EXPECT_KEYS: readonly string[] = ['description', 'status', 'findings'];
const EXPECT_EXAMPLE = 'Write, for example, `description: Rotation is off on the state key.`, `status: failed` and `findings: [aws_kms_key.state]`, each on a line of its own.';

/** What `guardrails new` writes where the violating example's address belongs: `guardrails test` fails on it until it is replaced. */
export const FINDING_PLACEHOLDER = 'TODO-the-address-this-example-must-fail';

/** What `expect.yaml` says one example must produce. */
export interface ExampleExpectation {
  description: string;
  status: Outcome;
  /** Addresses that must appear among the guardrail's non-passing findings. */
  findings: string[];
}

/** Reads and validates an `expect.yaml`. */
export async function readExpectation(file: string): Promise<ExampleExpectation> {
  const text = await readInputText(file, {
    display: file,
    kind: 'config',
    expected: 'an expect.yaml: every example needs one',
    missingHint: 'Write expect.yaml with `description:`, `status:` (passed, failed, indeterminate or not-applicable) and optional `findings:` addresses.',
  });
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new GuardrailsError('CONFIG_INVALID', `is not valid YAML: ${(error as Error).message}`, { file });
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new GuardrailsError('CONFIG_INVALID', 'is not a mapping of `description`, `status` and `findings`.', { file, hint: EXPECT_EXAMPLE });
  }
  const value = document as Record<string, unknown>;
  // A misspelt key (`finding:`, `statuss:`) would otherwise be ignored, and the example check less than it says.
  const unknownKeys = Object.keys(value).filter((key) => !EXPECT_KEYS.includes(key));
  if (unknownKeys.length > 0) {
    throw new GuardrailsError('CONFIG_INVALID', `has the unknown key ${unknownKeys.map((key) => `\`${key}\``).join(', ')}; expected only ${EXPECT_KEYS.map((key) => `\`${key}\``).join(', ')}.`, {
      file,
      hint: EXPECT_EXAMPLE,
    });
  }
  const status = value.status;
  if (typeof status !== 'string' || !OUTCOMES.includes(status as Outcome)) {
    throw new GuardrailsError('CONFIG_INVALID', `has status ${JSON.stringify(status)}; expected one of ${OUTCOMES.join(', ')}.`, {
      file,
      hint: 'Example: `status: failed`.',
    });
  }
  const findings = value.findings ?? [];
  if (!Array.isArray(findings) || findings.some((address) => typeof address !== 'string' || address.trim() === '')) {
    throw new GuardrailsError('CONFIG_INVALID', 'has `findings` that is not a list of resource addresses.', {
      file,
      hint: 'Example: `findings: [aws_s3_bucket_versioning.state]`.',
    });
  }
  // A violating example that names nothing would pass on any failure, even one for the wrong reason.
  if (status === 'failed' && findings.length === 0) {
    throw new GuardrailsError('CONFIG_INVALID', 'has `status: failed` without `findings`: a violating example names the addresses its guardrail must fail.', {
      file,
      hint: 'Example: `findings: [aws_s3_bucket_versioning.state]` (a resource address, a provider key, or the resource type for a "none found" failure).',
    });
  }
  if (value.description !== undefined && typeof value.description !== 'string') {
    throw new GuardrailsError('CONFIG_INVALID', 'has a `description` that is not text.', { file, hint: EXPECT_EXAMPLE });
  }
  return { description: value.description ?? '', status: status as Outcome, findings: findings as string[] };
}
