import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, workspace } from './harness.js';

describe('guardrails new', () => {
  it('scaffolds an observed guardrail whose examples run, and that fails its test until the violating example names a finding', async () => {
    const cwd = workspace({});
    const created = await cli(cwd, ['new', 'bucket-no-force-destroy']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const dir = path.join(cwd, 'features', 'bucket-no-force-destroy');
    for (const file of ['bucket-no-force-destroy.feature', 'examples/compliant/tfplan.json', 'examples/compliant/expect.yaml', 'examples/violating/tfplan.json', 'examples/violating/expect.yaml']) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
      expect(created.stdout).toContain(path.join('features', 'bucket-no-force-destroy', file));
    }
    expect(readFileSync(path.join(dir, 'bucket-no-force-destroy.feature'), 'utf8')).toMatch(/^@id:bucket-no-force-destroy @observe\nFeature: /);

    const stub = await cli(cwd, ['test', 'features/bucket-no-force-destroy']);
    expect(stub.stderr).toBe('');
    expect(stub.stdout).toContain('ok    compliant: passed');
    expect(stub.stdout).toContain('FAIL  violating: expect.yaml still holds the placeholder TODO-the-address-this-example-must-fail');
    expect(stub.stdout).toContain('its findings were for aws_s3_bucket.example');
    expect(stub.code).toBe(1);

    const expectFile = path.join(dir, 'examples', 'violating', 'expect.yaml');
    writeFileSync(expectFile, readFileSync(expectFile, 'utf8').replace('TODO-the-address-this-example-must-fail', 'aws_s3_bucket.example'));
    const filled = await cli(cwd, ['test', 'features/bucket-no-force-destroy']);
    expect(filled.stdout).toContain('2 passed, 0 failed');
    expect(filled.code).toBe(0);

    const checked = await cli(cwd, ['check', '--plan', 'features/bucket-no-force-destroy/examples/violating/tfplan.json', '--features', 'features']);
    expect(checked.stdout).toContain('observed: would fail');
    expect(checked.code).toBe(0);
  });

  it('writes under --dir', async () => {
    const cwd = workspace({});
    const created = await cli(cwd, ['new', 'team.rule_1', '--dir', 'guardrails/aws']);
    expect(created.code).toBe(0);
    expect(existsSync(path.join(cwd, 'guardrails', 'aws', 'team.rule_1', 'team.rule_1.feature'))).toBe(true);
  });

  it.each(['Bucket', 'a b', '../escape', '-dash', 'x/y', ''])('refuses the id %j: exit 2, nothing written', async (id) => {
    const cwd = workspace({});
    const run = await cli(cwd, ['new', id]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses an existing directory: exit 2, the directory untouched, nothing staged left behind', async () => {
    const cwd = workspace({ 'features/taken/notes.txt': 'mine' });
    const run = await cli(cwd, ['new', 'taken']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('features/taken already exists; nothing was written.');
    expect(readdirSync(path.join(cwd, 'features'))).toEqual(['taken']);
    expect(readdirSync(path.join(cwd, 'features', 'taken'))).toEqual(['notes.txt']);
  });
});
