import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/observe/registry.js';

async function registryFile(text: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'registry-'));
  await writeFile(path.join(dir, 'workloads.yaml'), text);
  return { dir, file: 'workloads.yaml' };
}

describe('loadRegistry', () => {
  it('reads local and GitLab workloads, resolving local paths against the registry file', async () => {
    const { dir } = await registryFile(`workloads:
  - name: payments
    plan: plans/payments/tfplan.json
    source: plans/payments/src
  - name: identity
    gitlab: { project: 1234, ref: main, job: tofu-plan, artifact: tfplan.json }
`);
    const registry = await loadRegistry('workloads.yaml', dir);
    expect(registry.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(registry.workloads).toEqual([
      {
        index: 0,
        name: 'payments',
        metadata: { registryIndex: '0', plan: 'plans/payments/tfplan.json', source: 'plans/payments/src' },
        owners: [],
        local: { plan: path.join(dir, 'plans/payments/tfplan.json'), source: path.join(dir, 'plans/payments/src') },
      },
      {
        index: 1,
        name: 'identity',
        metadata: { registryIndex: '1', project: '1234', ref: 'main', job: 'tofu-plan', artifact: 'tfplan.json' },
        owners: [],
        gitlab: { project: '1234', ref: 'main', job: 'tofu-plan', artifact: 'tfplan.json', sourceArtifact: undefined, sourceFromRepository: false },
      },
    ]);
  });

  it('reads owners: GitLab usernames and group paths', async () => {
    const { dir } = await registryFile('workloads:\n  - name: payments\n    plan: p.json\n    owners: [alice, platform/payments-team, bob.smith]\n');
    const [payments] = (await loadRegistry('workloads.yaml', dir)).workloads;
    expect(payments?.owners).toEqual(['alice', 'platform/payments-team', 'bob.smith']);
  });

  it.each([
    ['with @', '["@alice"]', /workload #1 \(p\): `owners\[0\]` is "@alice"; expected a GitLab username or group path without `@`/],
    ['with a space', '["alice smith"]', /`owners\[0\]` is "alice smith"; expected a GitLab username or group path/],
    ['that mention everyone through a trailing slash', '["team/"]', /`owners\[0\]` is "team\/"; expected a GitLab username/],
    ['empty', '[]', /`owners` is \[\]; expected a non-empty list/],
    ['repeated', '[alice, alice]', /`owners` is \["alice","alice"\]; names someone twice/],
  ])('refuses owners %s', async (_label, owners, message) => {
    const { dir } = await registryFile(`workloads:\n  - name: p\n    plan: p.json\n    owners: ${owners}\n`);
    await expect(loadRegistry('workloads.yaml', dir)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(message) });
  });

  it.each([
    ['both source forms', 'source: repository, source_artifact: s.tgz', /workload #1 \(a\): `gitlab` names its sources twice; expected either `source: repository` or `source_artifact`/],
    ['another source', 'source: tree', /`gitlab.source` is "tree"; expected `repository`/],
  ])('refuses a GitLab workload with %s', async (_label, extra, message) => {
    const { dir } = await registryFile(`workloads:\n  - name: a\n    gitlab: { project: a/b, ref: main, job: j, artifact: x, ${extra} }\n`);
    await expect(loadRegistry('workloads.yaml', dir)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(message) });
  });

  it('accepts the repository example', async () => {
    const registry = await loadRegistry('workloads.yaml', path.resolve(import.meta.dirname, '..', '..'));
    expect(registry.workloads.length).toBeGreaterThan(0);
  });

  const ok = '  - name: a\n    plan: a.json\n';
  it.each([
    ['duplicate names', `workloads:\n${ok}${ok}`, /workload #2 \(a\): `name` repeats workload #1; expected unique names/],
    ['neither plan nor gitlab', 'workloads:\n  - name: b\n    source: src\n', /workload #1 \(b\) needs exactly one of `plan` .* or `gitlab`/],
    ['both plan and gitlab', 'workloads:\n  - name: b\n    plan: p.json\n    gitlab: { project: a/b, ref: main, job: j, artifact: x }\n', /workload #1 \(b\) needs exactly one of/],
    ['a missing gitlab field', `workloads:\n${ok}  - name: c\n    gitlab: { project: a/b, ref: main, artifact: x }\n`, /workload #2 \(c\): `gitlab.job` is missing/],
    ['an unknown field', 'workloads:\n  - name: d\n    plan: p.json\n    plans: q.json\n', /workload #1 \(d\): `plans` is not a known field/],
    ['a bad project', 'workloads:\n  - name: e\n    gitlab: { project: "no-slash", ref: main, job: j, artifact: x }\n', /workload #1 \(e\): `gitlab.project` is "no-slash";/],
    ['an empty ref', 'workloads:\n  - name: f\n    gitlab: { project: a/b, ref: "", job: j, artifact: x }\n', /workload #1 \(f\): `gitlab.ref` is "";/],
    ['a bad name', 'workloads:\n  - name: "-x"\n    plan: p.json\n', /workload #1 \(-x\): `name` is "-x"; expected letters/],
    ['an artifact path leaving the artifacts', 'workloads:\n  - name: g\n    gitlab: { project: a/b, ref: main, job: j, artifact: ../../../user }\n', /workload #1 \(g\): `gitlab.artifact` "\.\.\/\.\.\/\.\.\/user" is refused: it has a `\.\.` segment/],
    ['an encoded source artifact path', 'workloads:\n  - name: h\n    gitlab: { project: a/b, ref: main, job: j, artifact: x, source_artifact: "%2e%2e/src.tgz" }\n', /`gitlab.source_artifact` .*\(percent-encoding/],
    ['a ref that is a path step', 'workloads:\n  - name: i\n    gitlab: { project: a/b, ref: "..", job: j, artifact: x }\n', /`gitlab.ref` "\.\." is not a branch or tag name/],
    ['no workloads key', 'workload: []\n', /unknown top-level key `workload`/],
    ['invalid YAML', 'workloads: [\n', /is not valid YAML/],
  ])('rejects %s', async (_name, text, message) => {
    const { dir, file } = await registryFile(text);
    const error = await loadRegistry(file, dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'GuardrailsError', code: 'CONFIG_INVALID', file: 'workloads.yaml', exitCode: 2 });
    expect((error as Error).message).toMatch(message);
  });
});
