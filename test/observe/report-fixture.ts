import type { Finding, FindingsReport, GuardrailResult, Outcome } from '../../src/report/types.js';

/** What one guardrail did on one workload, in a fake evaluation. */
export type FakeOutcome = Outcome | { findings: Array<Pick<Finding, 'address' | 'status'>> };

/** A findings report as the runner would build it in observation mode (nothing enforced). */
export function fakeReport(planPath: string, outcomes: Record<string, FakeOutcome>, workload?: string): FindingsReport {
  const guardrails: GuardrailResult[] = Object.entries(outcomes).map(([id, outcome]) => {
    const findings: Finding[] = (typeof outcome === 'string' ? findingsFor(outcome) : outcome.findings).map((f) => ({
      address: f.address,
      type: f.address.split('.').at(-2) ?? 'plan',
      status: f.status,
      path: 'sse_algorithm',
      message: `${f.address}: sse_algorithm is "AES256"; expected "aws:kms"`,
    }));
    const status: Outcome =
      typeof outcome === 'string'
        ? outcome
        : findings.some((f) => f.status === 'failed')
          ? 'failed'
          : findings.some((f) => f.status === 'indeterminate')
            ? 'indeterminate'
            : 'passed';
    return {
      id,
      title: `Guardrail ${id}`,
      description: '',
      uri: `features/${id}.feature`,
      enforcement: 'observe',
      status,
      scenarios: [{ name: id, line: 3, enforcement: 'observe', status, findings, steps: [] }],
      findings,
    };
  });
  const summary = { passed: 0, failed: 0, indeterminate: 0, 'not-applicable': 0 };
  for (const g of guardrails) summary[g.status] += 1;
  return {
    schemaVersion: 1,
    tool: { name: 'tofu-guardrails', version: '0.0.0-test' },
    plan: { path: planPath, formatVersion: '1.2', terraformVersion: '1.11.4' },
    ...(workload === undefined ? {} : { workload }),
    verdict: 'passed',
    onIndeterminate: 'warn',
    summary,
    guardrails,
  };
}

function findingsFor(outcome: Outcome): Array<Pick<Finding, 'address' | 'status'>> {
  if (outcome === 'failed') return [{ address: 'aws_s3_bucket.state', status: 'failed' }];
  if (outcome === 'indeterminate') return [{ address: 'aws_s3_bucket.state', status: 'indeterminate' }];
  return [];
}
