import { checkPatternAtLeast, checkPatternExcludes, checkPatternOneOf } from '../src/checks/event-pattern.js';
import { requireKnownAttribute } from '../src/checks/spelling.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';

/** EventBridge event patterns (`event_pattern`), with fields named by dotted paths such as "detail.severity". */
export const eventPatternSteps: StepSpec[] = [
  {
    keyword: 'Given',
    family: 'event patterns',
    expression: 'those whose {attribute} pattern matches only {string} values {values}',
    description: 'Keeps the selected resources whose event pattern admits only the listed values for the field.',
    example: 'And those whose "event_pattern" pattern matches only "source" values "aws.guardduty"',
    run: function (this: GuardrailWorld, attribute: string, field: string, allowed: string[]) {
      requireKnownAttribute(this.subjects, attribute);
      return this.narrow(
        this.subjects.map((subject) => checkPatternOneOf(subject, attribute, field, allowed)),
        `whose ${attribute} matches only ${field} ${allowed.join(', ')}`,
      );
    },
  },
  {
    keyword: 'Given',
    family: 'event patterns',
    expression: 'those whose {attribute} pattern matches only {string} values of at least {int}',
    description: 'Keeps the selected resources whose event pattern admits only numbers at or above the bound for the field.',
    example: 'And those whose "event_pattern" pattern matches only "detail.severity" values of at least 7',
    run: function (this: GuardrailWorld, attribute: string, field: string, min: number) {
      requireKnownAttribute(this.subjects, attribute);
      return this.narrow(
        this.subjects.map((subject) => checkPatternAtLeast(subject, attribute, field, min)),
        `whose ${attribute} matches only ${field} of at least ${min}`,
      );
    },
  },
  {
    keyword: 'Given',
    family: 'event patterns',
    expression: 'those whose {attribute} pattern excludes {string} value {string}',
    description: 'Keeps the selected resources whose event pattern excludes the value of the field with an anything-but match.',
    example: 'And those whose "event_pattern" pattern excludes "detail.findings.ProductName" value "GuardDuty"',
    run: function (this: GuardrailWorld, attribute: string, field: string, excluded: string) {
      requireKnownAttribute(this.subjects, attribute);
      return this.narrow(
        this.subjects.map((subject) => checkPatternExcludes(subject, attribute, field, excluded)),
        `whose ${attribute} excludes ${field} ${excluded}`,
      );
    },
  },
];
