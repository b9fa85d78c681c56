import { actionSteps } from './actions.steps.js';
import { attributeSteps } from './attributes.steps.js';
import { eventPatternSteps } from './event-patterns.steps.js';
import { existenceSteps } from './existence.steps.js';
import { itemSteps } from './items.steps.js';
import { lifecycleSteps } from './lifecycle.steps.js';
import { networkSteps } from './network.steps.js';
import { policySteps } from './policies.steps.js';
import { referenceSteps } from './references.steps.js';
import type { StepSpec } from './registry.js';
import { selectionSteps } from './selection.steps.js';
import { tagSteps } from './tags.steps.js';

/** Every built-in step, family by family: registered with cucumber and listed by `guardrails steps`. */
export const builtInSteps: readonly StepSpec[] = [
  ...selectionSteps,
  ...referenceSteps,
  ...attributeSteps,
  ...itemSteps,
  ...policySteps,
  ...networkSteps,
  ...tagSteps,
  ...eventPatternSteps,
  ...lifecycleSteps,
  ...actionSteps,
  ...existenceSteps,
];

export { parameterTypes } from './support/parameter-types.js';
