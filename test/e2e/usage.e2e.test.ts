/**
 * Usage mistakes through the built binary: exit 2 with one `error:` paragraph that says what was
 * expected, before any plan is read or report written.
 */
import { describe, it } from 'vitest';
import { expectUserError, runGuardrails } from './cli.js';

const PLAN = 'examples/infra-account/tfplan.json';

const MISTAKES: ReadonlyArray<{ name: string; args: string[]; says: RegExp }> = [
  { name: 'an unknown command', args: ['nope'], says: /unknown command 'nope'/ },
  { name: 'check without --plan', args: ['check'], says: /required option '--plan <plan>' not specified/ },
  {
    name: 'an unknown report format',
    args: ['check', '--plan', PLAN, '--format', 'nope'],
    says: /unknown report format "nope".*expected one of: summary, json, junit, html, codequality, markdown/s,
  },
  { name: 'an unknown indeterminate policy', args: ['check', '--plan', PLAN, '--on-indeterminate', 'maybe'], says: /'maybe' is invalid.*fail, warn/s },
];

describe('usage mistakes', () => {
  it.each(MISTAKES)('$name exits 2 with one error paragraph', async ({ args, says }) => {
    expectUserError(await runGuardrails(args), undefined, says);
  });
});
