/**
 * Team step files live anywhere (a workload repository, a directory of their own) and import
 * Given, When, Then and the helpers from 'tofu-guardrails' without a package.json or node_modules
 * of their own. A resolve hook maps that bare specifier to the running package's entry point. It
 * maps it even where another copy is installed: steps must register with the cucumber instance of
 * the gate that runs them, and a second copy would register them where no run looks.
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ownPackageEntry } from './build.js';

/** The bare specifier team step files import. */
export const PACKAGE_NAME = 'tofu-guardrails';

// Runs on Node's loader thread, so it is a module of its own; it receives the entry in `initialize`.
const hooks = `
let entry;
export function initialize(data) { entry = data.entry; }
export async function resolve(specifier, context, next) {
  if (specifier === ${JSON.stringify(PACKAGE_NAME)}) return { url: entry, shortCircuit: true };
  return next(specifier, context);
}
`;

let registered = false;

/** Makes `import ... from 'tofu-guardrails'` resolve to this package in every module loaded from now on (once per process). */
export function resolveOwnPackage(): void {
  if (registered) return;
  registered = true;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { entry: pathToFileURL(ownPackageEntry()).href } });
}
