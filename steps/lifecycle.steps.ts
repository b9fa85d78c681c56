import { checkLifecycleFlag } from '../src/checks/lifecycle.js';
import type { StepSpec } from './registry.js';
import type { GuardrailWorld } from './support/world.js';

/** Lifecycle settings live only in the `.tf` sources; without them these steps are indeterminate. */
export const lifecycleSteps: StepSpec[] = [
  {
    keyword: 'Then',
    family: 'lifecycle',
    expression: 'its lifecycle sets prevent_destroy',
    description: 'The resource block (root or module source) has lifecycle { prevent_destroy = true }.',
    example: 'Then its lifecycle sets prevent_destroy',
    run: function (this: GuardrailWorld) {
      this.judge(this.subjectsAfterApply.map((subject) => checkLifecycleFlag(this.sources, subject, 'prevent_destroy', true)));
    },
  },
  {
    keyword: 'Then',
    family: 'lifecycle',
    expression: 'its lifecycle sets create_before_destroy',
    description: 'The resource block has lifecycle { create_before_destroy = true }.',
    example: 'Then its lifecycle sets create_before_destroy',
    run: function (this: GuardrailWorld) {
      this.judge(this.subjectsAfterApply.map((subject) => checkLifecycleFlag(this.sources, subject, 'create_before_destroy', true)));
    },
  },
];
