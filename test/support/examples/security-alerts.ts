/** Examples for `security-alerts` (an observation guardrail). */
import { OPENTOFU_1_10 } from '../plan-builder.js';
import { securityAlerts } from './alerts.js';
import { assetsBucket, lambdaRole, planOf, type ExampleCase } from './common.js';

const G = 'security-alerts';
/** A rule that forwards too much matches no wanted pattern: the finding names the missing kind of resource. */
const NO_MATCHING_RULE = 'aws_cloudwatch_event_rule';

export const securityAlertsCases: ExampleCase[] = [
  {
    guardrail: G,
    name: 'compliant-guardduty-and-securityhub',
    description: 'GuardDuty findings at severity 7 and above and Security Hub HIGH/CRITICAL findings (GuardDuty excluded with anything-but) both go to the SNS topic.',
    status: 'passed',
    plan: planOf(securityAlerts()),
  },
  {
    guardrail: G,
    name: 'compliant-existing-rules',
    description: 'The same rules already applied, unchanged, in an OpenTofu plan that adds a bucket.',
    status: 'passed',
    plan: planOf([...securityAlerts({ action: 'no-op' }), ...assetsBucket()], { tool: OPENTOFU_1_10 }),
  },
  {
    guardrail: G,
    name: 'violating-guardduty-severity-4',
    description: 'The GuardDuty rule forwards findings from severity 4, flooding the topic with medium findings.',
    status: 'failed',
    findings: [NO_MATCHING_RULE],
    plan: planOf(securityAlerts({ guardDutyMinSeverity: 4 })),
  },
  {
    guardrail: G,
    name: 'violating-securityhub-includes-medium',
    description: 'The Security Hub rule forwards MEDIUM findings too.',
    status: 'failed',
    findings: [NO_MATCHING_RULE],
    plan: planOf(securityAlerts({ securityHubLabels: ['MEDIUM', 'HIGH', 'CRITICAL'] })),
  },
  {
    guardrail: G,
    name: 'violating-securityhub-duplicates-guardduty',
    description: 'The Security Hub rule does not exclude ProductName GuardDuty, so each GuardDuty finding alerts twice.',
    status: 'failed',
    findings: [NO_MATCHING_RULE],
    plan: planOf(securityAlerts({ excludeGuardDuty: false })),
  },
  {
    guardrail: G,
    name: 'violating-guardduty-target-not-sns',
    description: 'The GuardDuty rule targets a Lambda function instead of the SNS topic.',
    status: 'failed',
    findings: ['aws_cloudwatch_event_target.guardduty_high'],
    plan: planOf(securityAlerts({ guardDutyTargetArn: 'arn:aws:lambda:eu-central-1:111122223333:function:findings-to-chat' })),
  },
  {
    guardrail: G,
    name: 'not-applicable-no-event-rules',
    description: 'A workload plan without any EventBridge rule.',
    status: 'not-applicable',
    plan: planOf([...assetsBucket(), lambdaRole()]),
  },
];
