/** EventBridge rules forwarding GuardDuty and Security Hub findings to an SNS topic. */
import { jsonencodeOf, ref, type ResourceSpec } from '../plan-builder.js';

export interface AlertOptions {
  readonly action?: 'create' | 'no-op';
  readonly guardDutyMinSeverity?: number;
  readonly securityHubLabels?: readonly string[];
  readonly excludeGuardDuty?: boolean;
  /** Target of the GuardDuty rule: the SNS topic unless given as a literal ARN. */
  readonly guardDutyTargetArn?: string;
  readonly withSecurityHub?: boolean;
}

/** The alert topic, both rules and their targets; every option left alone gives the compliant setup. */
export function securityAlerts(o: AlertOptions = {}): ResourceSpec[] {
  const action = o.action ?? 'create';
  const topic: ResourceSpec = {
    type: 'aws_sns_topic',
    name: 'security_alerts',
    action,
    args: { name: 'security-alerts', kms_master_key_id: 'alias/aws/sns' },
  };
  const guardDuty: ResourceSpec = {
    type: 'aws_cloudwatch_event_rule',
    name: 'guardduty_high',
    action,
    args: {
      name: 'guardduty-high-severity',
      description: `GuardDuty findings of severity ${o.guardDutyMinSeverity ?? 7} and above`,
      event_pattern: jsonencodeOf([], () => ({
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', o.guardDutyMinSeverity ?? 7] }] },
      })),
    },
  };
  const guardDutyTarget: ResourceSpec = {
    type: 'aws_cloudwatch_event_target',
    name: 'guardduty_high',
    action,
    args: {
      rule: ref('aws_cloudwatch_event_rule.guardduty_high.name'),
      target_id: 'security-alerts-topic',
      arn: o.guardDutyTargetArn ?? ref('aws_sns_topic.security_alerts.arn'),
    },
  };
  const out = [topic, guardDuty, guardDutyTarget];
  if (o.withSecurityHub ?? true) {
    const findings: Record<string, unknown> = { Severity: { Label: o.securityHubLabels ?? ['HIGH', 'CRITICAL'] } };
    if (o.excludeGuardDuty ?? true) findings.ProductName = [{ 'anything-but': 'GuardDuty' }];
    out.push(
      {
        type: 'aws_cloudwatch_event_rule',
        name: 'securityhub_high',
        action,
        args: {
          name: 'securityhub-high-critical',
          description: 'Security Hub findings rated HIGH or CRITICAL, except those GuardDuty already alerts on',
          event_pattern: jsonencodeOf([], () => ({
            source: ['aws.securityhub'],
            'detail-type': ['Security Hub Findings - Imported'],
            detail: { findings },
          })),
        },
      },
      {
        type: 'aws_cloudwatch_event_target',
        name: 'securityhub_high',
        action,
        args: { rule: ref('aws_cloudwatch_event_rule.securityhub_high.name'), target_id: 'security-alerts-topic', arn: ref('aws_sns_topic.security_alerts.arn') },
      },
    );
  }
  return out;
}
