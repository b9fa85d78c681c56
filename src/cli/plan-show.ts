/**
 * `guardrails plan show <plan>`: what a plan contains, as the model sees it. Useful before
 * writing a guardrail (which types, modules and providers are there?) and to check that a plan
 * file is readable at all.
 */
import type { Command } from 'commander';
import { ExitCode } from '../errors.js';
import type { CliIO } from './io.js';
import type { CommandRegistrar } from './main.js';
import { secondsOption } from './options.js';
// The model without the loader: loading brings in ajv, which only the action needs.
import { buildPlanModel, CHANGE_KINDS } from '../plan/model.js';
import type { ChangeKind, Expression, PlanModel } from '../plan/types.js';
import { forEachExpression } from '../plan/references.js';
import { formatAttributePath } from '../plan/values.js';
import { collectPlanSecrets, Redactor } from '../plan/sensitive.js';
import { jsonText, terminalText } from '../report/escape.js';
import { compareText } from '../plan/addresses.js';

/** One provider setting: a constant, references, or neither (an expression only known at apply). */
export type SettingSummary =
  | { readonly constant: unknown }
  | { readonly references: readonly string[] }
  | { readonly computed: true }
  | { readonly hidden: true };

/**
 * The `--json` document (also documented in docs/plan-show.md):
 * - `plan`: the plan as named on the command line; `formatVersion`, `terraformVersion` (null when absent);
 * - `tool`: `opentofu`, `terraform` or `unknown` (a best guess, informational);
 * - `resourceInstances`: every instance in the model, data sources and deleted ones included;
 * - `changes`: instance count per change kind (create, update, replace, delete, read, no-op, forget), all kinds present;
 * - `types`: per resource type, sorted by type: `count` and `changes` (only kinds with a non-zero count);
 * - `modules`: per module instance, sorted by address: `address`, `source` (null when unknown), `resources` declared directly in it;
 * - `providers`: per provider configuration, sorted by module then key: `key`, `name`, `fullName`, `alias`,
 *   `module` (`` for root), `settings` (attribute path → `{constant}`, `{references}`, `{computed: true}`
 *   or `{hidden: true}` for credentials, which are never printed);
 * - `unknownAttributes`: attribute values known only after apply; `dataSourcesRead`: data sources read.
 */
export interface PlanSummary {
  readonly plan: string;
  readonly formatVersion: string;
  readonly terraformVersion: string | null;
  readonly tool: PlanModel['tool'];
  readonly resourceInstances: number;
  readonly changes: Readonly<Record<ChangeKind, number>>;
  readonly types: readonly { readonly type: string; readonly count: number; readonly changes: Partial<Record<ChangeKind, number>> }[];
  readonly modules: readonly { readonly address: string; readonly source: string | null; readonly resources: number }[];
  readonly providers: readonly {
    readonly key: string;
    readonly name: string;
    readonly fullName: string | null;
    readonly alias: string | null;
    readonly module: string;
    readonly settings: Readonly<Record<string, SettingSummary>>;
  }[];
  readonly unknownAttributes: number;
  readonly dataSourcesRead: number;
}

/** Provider arguments that carry credentials; their constant values are never echoed. */
const CREDENTIAL_SETTING = /(secret|password|token|access_key|private_key)/i;

/** Registers `plan show` under the `plan` command (created here when no other module made it). */
export const registerPlanShow: CommandRegistrar = (program: Command, io: CliIO, setExitCode) => {
  const plan =
    program.commands.find((command) => command.name() === 'plan') ?? program.command('plan').description('Inspect OpenTofu/Terraform plans.');
  plan
    .command('show')
    .description('Summarise a plan: versions, changes by action and type, modules, providers, unknown values.')
    .argument('<plan>', 'plan JSON file, binary plan file, or - for stdin')
    .option('--chdir <dir>', 'configuration directory for rendering a binary plan')
    .option('--tofu-bin <bin>', 'tofu or terraform binary for rendering a binary plan')
    .option('--show-timeout <seconds>', 'how long rendering a binary plan may take before it is stopped (default: 120)')
    .option('--json', 'print the summary as a JSON document')
    .action(async (planPath: string, options: { chdir?: string; tofuBin?: string; showTimeout?: string; json?: boolean }) => {
      const { loadPlan } = await import('../plan/load.js');
      const loaded = await loadPlan(planPath, {
        cwd: io.cwd,
        env: io.env,
        stdin: io.stdin,
        ...(options.chdir === undefined ? {} : { chdir: options.chdir }),
        ...(options.tofuBin === undefined ? {} : { tofuBin: options.tofuBin }),
        ...(options.showTimeout === undefined ? {} : { showTimeoutMs: secondsOption('--show-timeout', options.showTimeout) }),
      });
      const summary = summarisePlan(buildPlanModel(loaded));
      io.stdout.write(options.json ? jsonText(summary) : renderPlanSummary(summary));
      setExitCode(ExitCode.Clean);
    });
};

/** Builds the `plan show` summary from a model. */
export function summarisePlan(model: PlanModel): PlanSummary {
  const secrets = new Redactor(collectPlanSecrets(model.raw).all, { excerpts: false });
  const perType = new Map<string, Partial<Record<ChangeKind, number>>>();
  for (const resource of model.resources) {
    const changes = perType.get(resource.type) ?? {};
    changes[resource.change] = (changes[resource.change] ?? 0) + 1;
    perType.set(resource.type, changes);
  }
  return {
    plan: model.displayPath,
    formatVersion: model.formatVersion,
    terraformVersion: model.terraformVersion ?? null,
    tool: model.tool,
    resourceInstances: model.stats.resourceInstances,
    changes: model.stats.byChange,
    types: [...perType.keys()].sort(compareText).map((type) => ({
      type,
      count: model.stats.byType[type] ?? 0,
      changes: orderedChanges(perType.get(type) ?? {}),
    })),
    modules: [...model.modules]
      .sort((a, b) => compareText(a.address, b.address))
      .map((module) => ({ address: module.address, source: module.source ?? null, resources: module.resourceCount })),
    providers: model.providers.map((provider) => ({
      key: provider.key,
      name: provider.name,
      fullName: provider.fullName ?? null,
      alias: provider.alias ?? null,
      module: provider.modulePath,
      settings: summariseSettings(provider.expressions, secrets),
    })),
    unknownAttributes: model.stats.unknownAttributes,
    dataSourcesRead: model.stats.dataSourcesRead,
  };
}

/** Renders the summary as aligned, sorted text for people. */
export function renderPlanSummary(summary: PlanSummary): string {
  const lines: string[] = [];
  const version = summary.terraformVersion ?? 'not recorded';
  lines.push(
    ...table([
      ['Plan', summary.plan],
      ['Format version', summary.formatVersion],
      ['Tool', `${summary.tool} ${version}`],
      ['Resource instances', String(summary.resourceInstances)],
      ['Unknown attributes', `${summary.unknownAttributes} (known only after apply)`],
      ['Data sources read', String(summary.dataSourcesRead)],
    ]),
  );
  lines.push('', 'Changes');
  lines.push(...table(CHANGE_KINDS.map((kind) => [kind, String(summary.changes[kind])]), '  ', [false, true]));
  lines.push('', 'Resource types');
  if (summary.types.length === 0) lines.push('  (none)');
  lines.push(
    ...table(
      summary.types.map((entry) => [entry.type, String(entry.count), describeChanges(entry.changes)]),
      '  ',
      [false, true, false],
    ),
  );
  lines.push('', 'Modules');
  if (summary.modules.length === 0) lines.push('  (root module only)');
  lines.push(
    ...table(
      summary.modules.map((module) => [module.address, module.source ?? '(source not in plan)', plural(module.resources, 'resource')]),
      '  ',
    ),
  );
  lines.push('', 'Providers');
  if (summary.providers.length === 0) lines.push('  (no provider configuration in plan)');
  for (const provider of summary.providers) {
    lines.push(`  ${provider.key}${provider.fullName ? `  (${provider.fullName})` : ''}`);
    const settings = Object.entries(provider.settings);
    if (settings.length === 0) lines.push('      (no settings)');
    const width = Math.max(0, ...settings.map(([path]) => path.length));
    for (const [path, setting] of settings) lines.push(`      ${path.padEnd(width)} = ${describeSetting(setting)}`);
  }
  return `${lines.map((line) => terminalText(line.trimEnd())).join('\n')}\n`;
}

function summariseSettings(expressions: PlanModel['providers'][number]['expressions'], secrets: Redactor): Record<string, SettingSummary> {
  const settings: Record<string, SettingSummary> = {};
  forEachExpression(expressions, [], (segments, expression: Expression) => {
    const path = formatAttributePath(segments);
    const name = segments[segments.length - 1];
    const constant = expression.constant_value === undefined ? undefined : JSON.stringify(expression.constant_value);
    const holdsSecret = constant !== undefined && secrets.redact(constant) !== constant;
    if ((name?.kind === 'name' && CREDENTIAL_SETTING.test(name.name) && constant !== undefined) || holdsSecret) {
      settings[path] = { hidden: true };
    } else if (expression.constant_value !== undefined) {
      settings[path] = { constant: expression.constant_value };
    } else if (expression.references && expression.references.length > 0) {
      settings[path] = { references: [...expression.references] };
    } else {
      settings[path] = { computed: true };
    }
  });
  return Object.fromEntries(Object.entries(settings).sort(([a], [b]) => compareText(a, b)));
}

function describeSetting(setting: SettingSummary): string {
  if ('constant' in setting) return JSON.stringify(setting.constant);
  if ('references' in setting) return `<${setting.references.join(', ')}>`;
  if ('hidden' in setting) return '(set; credential, not shown)';
  return '(computed by an expression)';
}

function describeChanges(changes: Partial<Record<ChangeKind, number>>): string {
  return CHANGE_KINDS.filter((kind) => changes[kind] !== undefined)
    .map((kind) => `${kind} ${changes[kind]}`)
    .join(', ');
}

function orderedChanges(changes: Partial<Record<ChangeKind, number>>): Partial<Record<ChangeKind, number>> {
  return Object.fromEntries(CHANGE_KINDS.filter((kind) => changes[kind] !== undefined).map((kind) => [kind, changes[kind]]));
}

/** Pads columns to their widest cell; `rightAlign` marks numeric columns. */
function table(rows: readonly (readonly string[])[], indent = '', rightAlign: readonly boolean[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, column) => (rightAlign[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
        .join('   '),
  );
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

