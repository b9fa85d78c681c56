import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciSchemaErrors, parseComponent, readYaml, renderComponent, repoRoot, type Component, type InputValue } from './ci-config.js';

const componentText = readFileSync(path.join(repoRoot, 'templates', 'compliance-gate.yml'), 'utf8');
const component = parseComponent(componentText);

type Job = Record<string, unknown> & {
  rules?: Record<string, unknown>[];
  needs?: unknown[];
  artifacts?: { when?: string; expose_as?: string; paths?: string[]; reports?: Record<string, string> };
  script?: string[];
  allow_failure?: unknown;
  before_script?: string[];
};

/** The component's one visible job, with its `extends:` of the component's hidden jobs applied. */
const gateJob = (inputs: Record<string, InputValue> = {}): Job => {
  const rendered = renderComponent(component, inputs) as Record<string, Job>;
  const names = Object.keys(rendered).filter((name) => !name.startsWith('.'));
  expect(names).toHaveLength(1);
  const { extends: base, ...job } = rendered[names[0] as string] as Job & { extends?: string };
  if (base === undefined) return job;
  expect(rendered[base], `extends ${base}`).toBeDefined();
  return { ...rendered[base], ...job };
};

const tiny = (header: string, body: string): Component => parseComponent(`${header}\n---\n${body}\n`);

describe('component renderer', () => {
  const spec = `spec:
  inputs:
    name: { default: gate }
    count: { type: number, default: 3 }
    strict: { type: boolean, default: false }
    rules: { type: array, default: [{ when: always }] }
    mode: { default: fail, options: [fail, warn] }
    path: { default: plan.json, regex: '^[a-z.]+$' }
    required: {}`;
  const body = `"$[[ inputs.name ]]":
  retry: $[[ inputs.count ]]
  allow_failure: $[[ inputs.strict ]]
  rules: $[[ inputs.rules ]]
  script: ["run --mode $[[ inputs.mode ]] --plan $[[inputs.path]] x$[[ inputs.count ]] $[[ inputs.required ]]"]`;

  it.each([
    {
      name: 'defaults keep their types; a whole-value array becomes a sequence',
      inputs: { required: 'r' },
      expected: { gate: { retry: 3, allow_failure: false, rules: [{ when: 'always' }], script: ['run --mode fail --plan plan.json x3 r'] } },
    },
    {
      name: 'given inputs replace defaults, also in keys',
      inputs: { required: 'r', name: 'check', count: 1, strict: true, rules: [], mode: 'warn', path: 'a.json' },
      expected: { check: { retry: 1, allow_failure: true, rules: [], script: ['run --mode warn --plan a.json x1 r'] } },
    },
  ])('$name', ({ inputs, expected }) => {
    expect(renderComponent(tiny(spec, body), inputs as Record<string, InputValue>)).toEqual(expected);
  });

  it.each([
    { name: 'unknown input', inputs: { required: 'r', nope: 'x' }, error: 'unknown input "nope"' },
    { name: 'missing required input', inputs: {}, error: 'input "required" has no default and was not given' },
    { name: 'wrong type', inputs: { required: 'r', count: '3' }, error: 'input "count" must be a number, got string' },
    { name: 'not an option', inputs: { required: 'r', mode: 'maybe' }, error: 'must be one of fail, warn' },
    { name: 'regex mismatch', inputs: { required: 'r', path: 'A"B' }, error: 'does not match' },
  ])('refuses: $name', ({ inputs, error }) => {
    expect(() => renderComponent(tiny(spec, body), inputs as Record<string, InputValue>)).toThrow(error);
  });

  it.each([
    { name: 'undeclared interpolation', body: 'job: { script: ["$[[ inputs.other ]]"] }', error: 'undeclared input "other"' },
    { name: 'array inside a string', body: 'job: { script: ["x $[[ inputs.list ]]"] }', error: 'array input "list"' },
    { name: 'interpolation functions', body: 'job: { script: ["$[[ inputs.list | expand_vars ]]"] }', error: 'functions are not supported' },
  ])('refuses: $name', ({ body: text, error }) => {
    expect(() => renderComponent(tiny('spec:\n  inputs:\n    list: { type: array, default: [] }', text))).toThrow(error);
  });

  it('refuses a file without the --- separated header', () => {
    expect(() => parseComponent('job: { script: [x] }\n')).toThrow('separated by "---"');
    expect(() => parseComponent('inputs: {}\n---\njob: { script: [x] }\n')).toThrow('spec: { inputs');
  });
});

describe('GitLab CI schema', () => {
  it.each([
    { name: 'an unknown job keyword', document: { job: { script: ['x'], artifact: {} } } },
    { name: 'a non-string expose_as', document: { job: { script: ['x'], artifacts: { expose_as: 1, paths: ['a/'] } } } },
    { name: 'artifacts:when outside its enum', document: { job: { script: ['x'], artifacts: { when: 'sometimes' } } } },
    { name: 'an input of an unknown type', document: { spec: { inputs: { x: { type: 'list' } } } } },
    { name: 'a number input with a string default', document: { spec: { inputs: { x: { type: 'number', default: 'three' } } } } },
  ])('rejects $name', ({ document }) => {
    expect(ciSchemaErrors(document)).not.toEqual([]);
  });
});

describe('templates/compliance-gate.yml', () => {
  it('has a spec header that GitLab\'s schema accepts, every input typed and described', () => {
    expect(ciSchemaErrors(component.header)).toEqual([]);
    const inputs = Object.entries(component.header.spec.inputs);
    expect(inputs.length).toBeGreaterThan(5);
    for (const [name, input] of inputs) {
      expect(input.type, name).toMatch(/^(string|number|boolean|array)$/);
      expect(input.description, name).toMatch(/\S/);
      expect(input.default, name).toBeDefined();
    }
    const types = new Set(inputs.map(([, input]) => input.type));
    expect([...types].sort()).toEqual(['array', 'boolean', 'number', 'string']);
  });

  it.each([
    { name: 'defaults', inputs: {} },
    {
      name: 'a workload\'s inputs',
      inputs: {
        stage: 'compliance', plan_job: 'plan', plan: 'infra/tfplan.json', source_dir: 'infra', image: 'node:24',
        rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }], on_indeterminate: 'warn',
        waivers: 'waivers.yaml', workload: 'payments', args: '--tags "not @id:security-alerts"',
        report_retention_days: 7, report_only: true, guardrails_command: 'guardrails', comment: true,
        registry: 'https://npm.example.com/', version: '1.2.3-rc.1', guardrails_package: 'git+https://gitlab.example.com/security/tofu-guardrails.git#v1.2.3',
      },
    },
  ])('renders ($name) into a job GitLab\'s schema accepts', ({ inputs }) => {
    const rendered = renderComponent(component, inputs as Record<string, InputValue>);
    expect(ciSchemaErrors(rendered)).toEqual([]);
  });

  it('runs in merge request, branch and tag pipelines by default', () => {
    const ifs = (gateJob().rules ?? []).map((rule) => rule.if);
    expect(ifs).toEqual(['$CI_PIPELINE_SOURCE == "merge_request_event"', '$CI_COMMIT_BRANCH', '$CI_COMMIT_TAG']);
  });

  it('needs the plan job with its artifacts, optionally (a plan job left out by rules:changes keeps the pipeline valid)', () => {
    expect(gateJob({ plan_job: 'tofu-plan-prod' }).needs).toEqual([{ job: 'tofu-plan-prod', artifacts: true, optional: true }]);
    expect(gateJob().script?.join('\n')).toMatch(/if \[ ! -e "\$plan" \]; then\n\s+echo "The plan \$plan is not here: the job tofu-plan did not run[^\n]*>&2\n\s+exit 2/);
  });

  it('runs on the current Node LTS image by default, is interruptible and caches npm per version', () => {
    const job = gateJob();
    expect(job.image).toBe('node:24');
    expect(gateJob({ image: 'node:22' }).image).toBe('node:22');
    expect(job.interruptible).toBe(true);
    expect(job.variables).toEqual({ npm_config_cache: '$CI_PROJECT_DIR/.tofu-guardrails-npm' });
    expect(job.cache).toEqual({ key: 'tofu-guardrails-npm-0.1.0', paths: ['.tofu-guardrails-npm/'], when: 'always' });
  });

  it('blocks by default; report-only allows exit 1 only, so an install failure, input error or crash still fails the job', () => {
    expect(gateJob().allow_failure).toBe(false);
    expect(gateJob({ report_only: true }).allow_failure).toEqual({ exit_codes: [1] });
  });

  it('installs the released package from the guardrails project\'s registry at the given version, or another spec', () => {
    const script = (inputs: Record<string, InputValue> = {}): string => (gateJob(inputs).script ?? []).join('\n');
    expect(script()).toContain('registry="$CI_API_V4_URL/projects/security%2Ftofu-guardrails/packages/npm/"');
    expect(script({ version: '2.0.0' })).toContain('spec="tofu-guardrails@2.0.0"');
    expect(script({ guardrails_package: '/tmp/tofu-guardrails-0.1.0.tgz' })).toContain('spec="/tmp/tofu-guardrails-0.1.0.tgz"');
    expect(script()).toContain('npm ci --omit=dev --ignore-scripts');
    expect(() => gateJob({ version: 'latest' })).toThrow('does not match');
    expect(() => gateJob({ registry: 'https://npm.example.com' })).toThrow('does not match');
  });

  it('defaults to the version of this package, so a release tags a component that installs itself', () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(component.header.spec.inputs.version?.default).toBe(version);
  });

  it('publishes JUnit, Code Quality, SAST and the exposed report directory even when the gate fails', () => {
    const artifacts = gateJob({ reports_dir: 'out/gate' }).artifacts;
    expect(artifacts?.when).toBe('always');
    expect(artifacts?.reports).toEqual({ junit: 'out/gate/junit.xml', codequality: 'out/gate/codequality.json', sast: 'out/gate/gl-sast-report.json' });
    expect(artifacts?.expose_as).toMatch(/\S/);
    // expose_as: every path is a file or a directory ending in "/", without globs or variables.
    expect(artifacts?.paths).toEqual(['out/gate/']);
    for (const exposed of artifacts?.paths ?? []) expect(exposed).not.toMatch(/[*?$[\]]/);
  });

  it('hands the inputs to guardrails check', () => {
    const script = (gateJob({ plan: 'p.json', on_indeterminate: 'warn', waivers: 'w.yaml', workload: 'pay', args: '--tags "@x"' }).script ?? []).join('\n');
    expect(script).toContain('plan="p.json"');
    expect(script).toContain('--plan "$plan"');
    expect(script).toContain('--on-indeterminate "warn"');
    expect(script).toContain('--workload "pay"');
    expect(script).toContain('--waivers "w.yaml"');
    expect(script).toMatch(/--format "sast:\$reports\/gl-sast-report.json"/);
    expect(script).toMatch(/--format "junit:\$reports\/junit.xml"/);
    expect(script).toMatch(/--format "codequality:\$reports\/codequality.json"/);
    expect(script).toMatch(/--format "html:\$reports\/html"/);
    expect(script).toContain('--tags "@x"');
  });

  it('names the workload in every run, so two gates of one pipeline keep their findings apart', () => {
    expect((gateJob({ workload: 'prod' }).script ?? []).join('\n')).toContain('--workload "prod"');
  });

  it('posts the merge request note only when asked, in merge request pipelines, keeping the gate\'s exit code', () => {
    const commented = (gateJob({ comment: true, workload: 'prod' }).script ?? []).join('\n');
    expect(commented).toContain('if [ "true" = "true" ] && [ -n "${CI_MERGE_REQUEST_IID:-}" ]; then');
    expect(commented).toContain('$guardrails comment --markdown "$reports/summary.md" --workload "prod" --html-report "$reports/html/index.html"');
    expect(commented).toMatch(/\|\| status=\$\?[\s\S]*exit "\$status"\s*$/);
    expect((gateJob().script ?? []).join('\n')).toContain('if [ "false" = "true" ]');
  });

  it('hardcodes no token, gives the job token only to this GitLab\'s registry, unexpanded, and reads no consumer variable', () => {
    // The one mention: an npmrc line, in single quotes so npm (not the shell, not argv) expands it,
    // written only when the registry lies under this GitLab's API.
    const tokenLines = componentText.split('\n').filter((line) => /token/i.test(line)).map((line) => line.trim());
    expect(tokenLines.filter((line) => !line.startsWith('#'))).toEqual([`printf '%s:_authToken=\${CI_JOB_TOKEN}\\n' "\${registry#*:}" > "$install/.npmrc"`]);
    expect(componentText).toContain(`case "$registry" in\n            "$CI_API_V4_URL"/*)`);
    const rendered = JSON.stringify(renderComponent(component));
    const variables = new Set([...rendered.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((match) => match[1] as string));
    for (const variable of variables) expect(variable).toMatch(/^CI_/);
  });
});

describe('.gitlab-ci.yml', () => {
  const pipeline = readYaml('.gitlab-ci.yml') as Record<string, Job> & { workflow: { rules: Record<string, unknown>[] } };

  it('is valid against GitLab\'s schema', () => {
    expect(ciSchemaErrors(pipeline)).toEqual([]);
  });

  it('avoids duplicate branch and merge request pipelines', () => {
    expect(pipeline.workflow.rules).toContainEqual({ if: '$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS', when: 'never' });
    expect(pipeline.workflow.rules[0]).toEqual({ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' });
  });

  it.each(['lint', 'test'])('%s runs in every pipeline (rules, so merge requests too)', (name) => {
    expect(pipeline[name]?.rules).toEqual([{ when: 'on_success' }]);
  });

  it('test publishes the project\'s JUnit report', () => {
    expect(pipeline.test?.artifacts?.reports).toEqual({ junit: 'reports/vitest-junit.xml' });
    expect((pipeline.test?.script ?? []).join('\n')).toContain('--reporter=junit --outputFile.junit=reports/vitest-junit.xml');
  });

  it('observe has the whole history, so the candidates can be compared with the merge request base', () => {
    expect((pipeline.observe as Job & { variables?: Record<string, string> }).variables).toEqual({ GIT_DEPTH: '0' });
  });

  it('observe runs in three shards, each an allowed failure on exit 1, and publishes its shard result', () => {
    const observe = pipeline.observe as Job & { parallel?: unknown };
    expect(observe.parallel).toBe(3);
    const script = (observe.script ?? []).join('\n');
    expect(script).toContain('--shard "${CI_NODE_INDEX}/${CI_NODE_TOTAL}"');
    expect(script).toContain('--format "json:reports/observation/shards/${CI_NODE_INDEX}.json"');
    expect(observe.allow_failure).toEqual({ exit_codes: [1] });
    expect(observe.artifacts).toMatchObject({ when: 'always', paths: ['reports/observation/shards/'] });
  });

  it('observe-merge combines the shards and publishes the matrix (json, junit, html via expose_as, markdown); promote reads it', () => {
    const merge = pipeline['observe-merge'] as Job;
    expect(merge.needs).toEqual([{ job: 'observe', artifacts: true }]);
    const script = (merge.script ?? []).join('\n');
    expect(script).toContain('observe merge reports/observation/shards/*.json');
    for (const format of ['json:', 'junit:', 'html:', 'markdown:']) expect(script).toContain(`--format ${format}reports/observation/`);
    expect(merge.artifacts).toMatchObject({ when: 'always', expose_as: 'Observation matrix', paths: ['reports/observation/'] });
    expect(merge.allow_failure).toEqual({ exit_codes: [1] });
    // The matrix note on the merge request (mentioning the blocking workloads' owners); the merge's exit code is kept.
    expect(script).toContain('comment --markdown reports/observation/summary.md --workload observation');
    expect(script).toMatch(/\|\| status=\$\?[\s\S]*exit \$status\s*$/);
    for (const job of ['promote', 'force-promote']) expect(pipeline[job]?.needs, job).toEqual([{ job: 'observe-merge', artifacts: true }]);
  });

  it('promote merges on the observation; force-promote is manual and needs a reason', () => {
    expect((pipeline.promote?.script ?? []).join('\n')).toContain('--merge --project "$CI_PROJECT_ID" --mr "$CI_MERGE_REQUEST_IID"');
    const force = pipeline['force-promote'] as Job;
    expect(force.rules?.[0]?.when).toBe('manual');
    expect((force.before_script ?? [])[0]).toContain('PROMOTION_REASON');
    expect((force.script ?? []).join('\n')).toContain('--force --reason "$PROMOTION_REASON"');
  });

  it('force-promote deploys to the environment the security team protects; both promotions keep their record forever', () => {
    const force = pipeline['force-promote'] as Job & { environment?: { name?: string; action?: string } };
    // A deployment job (no prepare/verify/access action), so a protected environment restricts who runs it.
    expect(force.environment).toEqual({ name: 'guardrails-force-promotion', deployment_tier: 'other' });
    for (const job of ['promote', 'force-promote']) {
      const definition = pipeline[job] as Job & { artifacts?: { when?: string; expire_in?: string; paths?: string[] } };
      expect((definition.script ?? []).join('\n'), job).toMatch(/--record reports\/promotion\/[a-z-]+\.json/);
      expect(definition.artifacts, job).toEqual({ when: 'always', expire_in: 'never', paths: ['reports/promotion/'] });
    }
  });

  it('never puts a token on a command line: the job token only reaches npm unexpanded, through its config file', () => {
    const scripts = Object.values(pipeline as Record<string, Job>).flatMap((job) => [...(job.before_script ?? []), ...(job.script ?? [])]);
    expect(scripts.length).toBeGreaterThan(5);
    const npmrcLine = `printf '%s:_authToken=\${CI_JOB_TOKEN}\\n' "\${registry#*:}" > "$npmrc"`;
    const lines = scripts.flatMap((script) => script.split('\n')).map((line) => line.trim());
    expect(lines).toContain(npmrcLine);
    for (const line of lines) if (line !== npmrcLine && !line.startsWith('#')) expect(line).not.toMatch(/TOKEN/);
  });
});
