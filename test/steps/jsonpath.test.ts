import { describe, expect, it } from 'vitest';
import type { RawResource } from '../support/raw-plan.js';
import { checkJson, cli, feature, plan, workspace } from '../runner/harness.js';

async function run(resources: readonly RawResource[], steps: string[]) {
  const dir = workspace({ 'tfplan.json': plan(resources), 'rule.feature': feature('rule', { rule: steps }) });
  const { report } = await checkJson(dir, ['--plan', 'tfplan.json', '--features', 'rule.feature']);
  const scenario = report.guardrails[0]!.scenarios[0]!;
  return { status: scenario.status, messages: scenario.findings.map((finding) => finding.message) };
}

const group = (name: string, ingress: unknown, unknown: unknown = {}): RawResource => ({ address: `aws_security_group.${name}`, values: { name, ingress }, unknown });
const rule = (from: number, cidrs: unknown) => ({ from_port: from, to_port: from, protocol: 'tcp', cidr_blocks: cidrs });

const sshClosed = ['Given the "aws_security_group" resources', 'Then its "$.ingress[?(@.from_port == 22)].cidr_blocks" does not contain "0.0.0.0/0"'];

describe('JSONPath in steps', () => {
  it('asserts on what the JSONPath reaches: a violating value fails, named by its attribute path', async () => {
    const result = await run([group('web', [rule(443, ['0.0.0.0/0']), rule(22, ['0.0.0.0/0'])]), group('vpn', [rule(22, ['10.0.0.0/8'])])], sshClosed);
    expect(result.status).toBe('failed');
    expect(result.messages).toEqual(['aws_security_group.web: ingress[1].cidr_blocks is ["0.0.0.0/0"]; expected a list without "0.0.0.0/0"']);
  });

  it('passes when nothing violates, and is indeterminate when a value the path starts in is known only after apply', async () => {
    expect((await run([group('vpn', [rule(22, ['10.0.0.0/8'])])], sshClosed)).status).toBe('passed');
    const later = await run([group('later', [{ from_port: null, to_port: null, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }], { ingress: [{ from_port: true, to_port: true }] })], sshClosed);
    expect(later.status).toBe('indeterminate');
  });

  it('narrows with a JSONPath, and an empty selection is not-applicable', async () => {
    const narrowed = ['Given the "aws_security_group" resources', 'And those whose "$.ingress[?(@.from_port == 22)]" is set', 'Then its "name" is "bastion"'];
    const result = await run([group('web', [rule(443, ['0.0.0.0/0'])]), group('vpn', [rule(22, ['10.0.0.0/8'])])], narrowed);
    expect(result.messages).toEqual(['aws_security_group.vpn: name is "vpn"; expected "bastion"']);
    expect((await run([group('web', [rule(443, ['0.0.0.0/0'])])], narrowed)).status).toBe('not-applicable');
  });

  it('a JSONPath that would run code is an input error naming the step, and runs nothing', async () => {
    const dir = workspace({
      'tfplan.json': plan([group('web', [rule(22, ['0.0.0.0/0'])])]),
      'rule.feature': feature('rule', { rule: ['Given the "aws_security_group" resources', 'Then its "$[?(this.pwned = 1)]" is set'] }),
    });
    const result = await cli(dir, ['check', '--plan', 'tfplan.json', '--features', 'rule.feature']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot be evaluated');
    expect(result.stderr).toContain('rule.feature');
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });
});
