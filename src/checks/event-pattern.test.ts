import { describe, expect, it } from 'vitest';
import { planWith, type RawResource } from '../../test/support/raw-plan.js';
import { checkPatternAtLeast, checkPatternExcludes, checkPatternOneOf } from './event-pattern.js';
import { selectByType, selectProviders } from './select.js';
import type { Verdict } from './verdict.js';

type Status = Verdict['status'];

function rule(pattern: unknown): RawResource {
  if (pattern === 'UNKNOWN') return { address: 'aws_cloudwatch_event_rule.alerts', values: {}, unknown: { event_pattern: true } };
  return { address: 'aws_cloudwatch_event_rule.alerts', values: { event_pattern: typeof pattern === 'string' ? pattern : JSON.stringify(pattern) } };
}
function subjectFor(pattern: unknown) {
  return selectByType(planWith([rule(pattern)]), 'aws_cloudwatch_event_rule')[0]!;
}

const guardduty = (severity: unknown[]) => ({ source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity } });

describe('patterns that cannot be judged', () => {
  const cases: Array<[string, unknown, Status, string]> = [
    ['unknown until apply', 'UNKNOWN', 'indeterminate', 'event_pattern is known only after apply'],
    // Unreadable is never absent: every pattern step selects, so an unreadable pattern is a finding.
    ['not JSON', '{"source": [', 'indeterminate', 'event_pattern is not valid JSON, so its event pattern cannot be read'],
    ['a JSON list', ['aws.guardduty'], 'indeterminate', 'event_pattern is a list, not an event pattern'],
    ['a JSON string', '"aws.guardduty"', 'indeterminate', 'event_pattern is a string, not an event pattern'],
  ];
  it.each(cases)('%s', (_name, pattern, status, message) => {
    const subject = subjectFor(pattern);
    for (const result of [
      checkPatternOneOf(subject, 'event_pattern', 'source', ['aws.guardduty']),
      checkPatternAtLeast(subject, 'event_pattern', 'detail.severity', 7),
      checkPatternExcludes(subject, 'event_pattern', 'detail.findings.ProductName', 'GuardDuty'),
    ]) {
      expect(result.status).toBe(status);
      expect(result.message).toContain(`aws_cloudwatch_event_rule.alerts: ${message}`);
    }
  });

  it('a field that is not a list of matchers cannot be read', () => {
    const subject = subjectFor({ source: 'aws.guardduty', detail: { severity: 7 } });
    expect(checkPatternOneOf(subject, 'event_pattern', 'source', ['aws.guardduty'])).toMatchObject({
      status: 'indeterminate',
      message: 'aws_cloudwatch_event_rule.alerts: event_pattern:source is a string, not a list of matchers, so the pattern cannot be read',
    });
    expect(checkPatternAtLeast(subject, 'event_pattern', 'detail.severity', 7).status).toBe('indeterminate');
  });

  it('a field path that runs through a list cannot be read', () => {
    const subject = subjectFor({ source: ['aws.securityhub'], detail: ['x'] });
    expect(checkPatternExcludes(subject, 'event_pattern', 'detail.findings.ProductName', 'GuardDuty')).toMatchObject({
      status: 'indeterminate',
      path: 'event_pattern:detail',
      message: 'aws_cloudwatch_event_rule.alerts: event_pattern:detail is a list, so the field detail.findings.ProductName cannot be read from the pattern',
    });
  });

  it('an absent pattern is no pattern (the rule is not selected), not an unreadable one', () => {
    const subject = selectByType(planWith([{ address: 'aws_cloudwatch_event_rule.alerts', values: { schedule_expression: 'rate(1 hour)' } }]), 'aws_cloudwatch_event_rule')[0]!;
    expect(checkPatternOneOf(subject, 'event_pattern', 'source', ['aws.guardduty'])).toMatchObject({ status: 'failed', message: 'aws_cloudwatch_event_rule.alerts: event_pattern holds no event pattern' });
  });

  it('a provider is no resource holding a pattern', () => {
    const model = planWith([], [{ key: 'aws', name: 'aws' }]);
    expect(checkPatternOneOf(selectProviders(model, 'aws')[0]!, 'event_pattern', 'source', ['aws.guardduty']).status).toBe('failed');
  });
});

describe('checkPatternOneOf', () => {
  const cases: Array<[string, unknown, Status]> = [
    ['only the allowed source', guardduty([7]), 'passed'],
    ['two sources, one not allowed', { source: ['aws.guardduty', 'aws.securityhub'] }, 'failed'],
    ['a prefix matcher is not a literal', { source: [{ prefix: 'aws.' }] }, 'failed'],
    ['the field absent matches every event', { 'detail-type': ['GuardDuty Finding'] }, 'failed'],
    ['an empty list matches nothing we can vouch for', { source: [] }, 'failed'],
  ];
  it.each(cases)('%s', (_name, pattern, status) => {
    expect(checkPatternOneOf(subjectFor(pattern), 'event_pattern', 'source', ['aws.guardduty']).status).toBe(status);
  });

  it('names the field and what it matched', () => {
    const result = checkPatternOneOf(subjectFor({ source: ['aws.guardduty', 'aws.securityhub'] }), 'event_pattern', 'source', ['aws.guardduty']);
    expect(result.message).toBe('aws_cloudwatch_event_rule.alerts: event_pattern:source matches ["aws.guardduty","aws.securityhub"]; expected only ["aws.guardduty"]');
  });
});

describe('checkPatternAtLeast', () => {
  const cases: Array<[string, unknown[], Status]> = [
    ['literal 7 and 8', [7, 8, 8.9], 'passed'],
    ['numeric >= 7', [{ numeric: ['>=', 7] }], 'passed'],
    ['numeric range >= 7 and < 9', [{ numeric: ['>=', 7, '<', 9] }], 'passed'],
    ['numeric > 6.9 is below 7 at its lowest bound', [{ numeric: ['>', 6.9] }], 'failed'],
    ['numeric >= 4', [{ numeric: ['>=', 4] }], 'failed'],
    ['a literal 4 among higher ones', [4, 7, 8], 'failed'],
    ['numeric upper bound only', [{ numeric: ['<', 9] }], 'failed'],
    ['a string matcher', ['HIGH'], 'failed'],
    ['numeric strings count as numbers', ['7', '8'], 'passed'],
  ];
  it.each(cases)('%s', (_name, severity, status) => {
    expect(checkPatternAtLeast(subjectFor(guardduty(severity)), 'event_pattern', 'detail.severity', 7).status).toBe(status);
  });

  it('an absent nested field fails, naming the dotted path', () => {
    const result = checkPatternAtLeast(subjectFor({ source: ['aws.guardduty'] }), 'event_pattern', 'detail.severity', 7);
    expect(result).toMatchObject({ status: 'failed', path: 'event_pattern:detail.severity', actual: 'absent' });
  });
});

describe('checkPatternExcludes', () => {
  const securityHub = (productName: unknown[]) => ({ source: ['aws.securityhub'], detail: { findings: { ProductName: productName } } });
  const cases: Array<[string, unknown, Status]> = [
    ['anything-but the value', securityHub([{ 'anything-but': 'GuardDuty' }]), 'passed'],
    ['anything-but a list holding the value', securityHub([{ 'anything-but': ['GuardDuty', 'Inspector'] }]), 'passed'],
    ['anything-but another value', securityHub([{ 'anything-but': 'Inspector' }]), 'failed'],
    ['a literal match', securityHub(['GuardDuty']), 'failed'],
    ['field absent', { source: ['aws.securityhub'] }, 'failed'],
  ];
  it.each(cases)('%s', (_name, pattern, status) => {
    expect(checkPatternExcludes(subjectFor(pattern), 'event_pattern', 'detail.findings.ProductName', 'GuardDuty').status).toBe(status);
  });
});
