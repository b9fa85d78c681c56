/**
 * `guardrails steps --steps FILE`: the team's own steps are listed after the built-in ones, marked
 * as team steps, with the description and example `defineStep` recorded, so a team's registry is
 * discoverable like the built-ins. A step file that would be refused in a run is refused here too.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, expectUserError, runGuardrails, tempDir } from './cli.js';

const STEPS = `import { defineStep, Then, verdict } from 'tofu-guardrails';

defineStep({
  keyword: 'Then',
  expression: 'its {attribute} names an owner',
  description: 'The attribute (a tags map) has an Owner key with a known value.',
  example: 'Then its "tags" names an owner',
  run: function (path) {
    this.judge(this.subjectsAfterApply.map((subject) => verdict(subject, 'passed', path, 'names an owner')));
  },
});

Then('its cost centre is approved', function () {
  this.passSelection();
});
`;

interface Listed {
  keyword: string;
  family: string;
  team?: boolean;
  expression: string;
  description: string | null;
  example: string | null;
}

describe('guardrails steps --steps', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir('team-steps-list-');
    await writeFile(path.join(dir, 'team.steps.mjs'), STEPS);
    await writeFile(path.join(dir, 'arrow.steps.mjs'), `import { Then } from 'tofu-guardrails';\nThen('its cost centre is approved', () => {});\n`);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the team steps after the built-in ones, marked, with their description and example', async () => {
    const args = ['steps', '--steps', 'team.steps.mjs'];
    const result = await runGuardrails(args, { cwd: dir });
    expect(result.code, describeRun(args, result)).toBe(0);
    const team = result.stdout.slice(result.stdout.indexOf('## team steps (from --steps)'));
    expect(result.stdout).toContain('## team steps (from --steps)');
    expect(team).toContain(
      [
        'Then its {attribute} names an owner  [team]',
        '    The attribute (a tags map) has an Owner key with a known value.',
        '    e.g. Then its "tags" names an owner',
        'Then its cost centre is approved  [team]',
        '    (no description or example: define it with defineStep to record them)',
      ].join('\n'),
    );
    // The built-in steps are still listed before them.
    expect(result.stdout.indexOf('Given the {types} resources')).toBeLessThan(result.stdout.indexOf('## team steps'));
  });

  it('lists them in JSON with team: true and the recorded metadata', async () => {
    const args = ['steps', '--steps', 'team.steps.mjs', '--json'];
    const result = await runGuardrails(args, { cwd: dir });
    expect(result.code, describeRun(args, result)).toBe(0);
    const steps = (JSON.parse(result.stdout) as { steps: Listed[] }).steps;
    expect(steps.filter((step) => step.team)).toEqual([
      {
        keyword: 'Then',
        family: 'team',
        team: true,
        expression: 'its {attribute} names an owner',
        description: 'The attribute (a tags map) has an Owner key with a known value.',
        example: 'Then its "tags" names an owner',
      },
      { keyword: 'Then', family: 'team', team: true, expression: 'its cost centre is approved', description: null, example: null },
    ]);
    expect(steps.filter((step) => !step.team).length).toBeGreaterThan(20);
  });

  it('without --steps lists no team steps', async () => {
    const result = await runGuardrails(['steps'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('team steps');
  });

  it('refuses a step file a run would refuse, naming it', async () => {
    const result = await runGuardrails(['steps', '--steps', 'arrow.steps.mjs'], { cwd: dir });
    expectUserError(result, undefined, /arrow function/);
    expect(result.stderr).toContain('arrow.steps.mjs');
  });

  it('refuses a step file that does not exist', async () => {
    const result = await runGuardrails(['steps', '--steps', 'missing.steps.mjs'], { cwd: dir });
    expectUserError(result, 'missing.steps.mjs', /does not exist/);
  });
});
