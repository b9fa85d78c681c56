/**
 * Support code entry point loaded by the runner: registers the World, the parameter types, the hooks
 * and every built-in step with cucumber. Importing this file has that side effect; `steps/catalog.ts`
 * gives the same steps without registering them.
 */
import { After, AfterAll, BeforeAll, BeforeStep, defineParameterType, Given, Then, When, setWorldConstructor, Status } from '@cucumber/cucumber';
import { builtInSteps, parameterTypes } from './catalog.js';
import { closeRun, GuardrailWorld, openRun } from './support/world.js';

setWorldConstructor(GuardrailWorld);

for (const type of parameterTypes) {
  defineParameterType({ name: type.name, regexp: type.regexp, transformer: type.transformer, useForSnippets: false });
}

const define = { Given, When, Then };
for (const step of builtInSteps) {
  define[step.keyword](step.expression, step.run);
}

BeforeStep(function (this: GuardrailWorld, { pickleStep }) {
  this.currentStep = pickleStep.text;
});

// Test-run hooks receive the original world parameters, which carry the run's plan model.
BeforeAll(function (this: { parameters: unknown }) {
  openRun(this.parameters);
});

AfterAll(function (this: { parameters: unknown }) {
  closeRun(this.parameters);
});

After(function (this: GuardrailWorld, { result }) {
  const stepFailed = result?.status !== undefined && result.status !== Status.PASSED && result.status !== Status.SKIPPED;
  this.recordOutcome(stepFailed);
});
