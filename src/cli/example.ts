/**
 * `guardrails example --from-plan PLAN --keep ADDRESS... --out DIR`: an example plan for a
 * guardrail, cut from a real plan (JSON, or a binary plan rendered with tofu/terraform) instead of
 * written by hand.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, GuardrailsError } from '../errors.js';
import type { CliIO } from './io.js';
import type { CommandRegistrar } from './main.js';
import { secondsOption } from './options.js';

interface ExampleFlags {
  fromPlan: string;
  keep: string[];
  out: string;
  chdir?: string;
  tofuBin?: string;
  showTimeout?: string;
}

export const registerExampleCommand: CommandRegistrar = (program: Command, io: CliIO, setExitCode) => {
  program
    .command('example')
    .description('Cut a real plan down to an example: the resources kept, what they reference, their providers and a matching configuration.')
    .requiredOption('--from-plan <plan>', 'plan JSON file, binary plan file, or - for stdin')
    .requiredOption('--keep <address...>', 'resource instances to keep (a block address without its key keeps every instance; module.NAME keeps the module)')
    .requiredOption('--out <dir>', 'the example directory to write tfplan.json into')
    .option('--chdir <dir>', 'configuration directory for rendering a binary plan')
    .option('--tofu-bin <bin>', 'tofu or terraform binary for rendering a binary plan')
    .option('--show-timeout <seconds>', 'how long rendering a binary plan may take before it is stopped (default: 120)')
    .action(async (flags: ExampleFlags) => {
      setExitCode(await writeExample(flags, io));
    });
};

async function writeExample(flags: ExampleFlags, io: CliIO): Promise<number> {
  const [{ loadPlan }, { buildPlanModel }, { cutPlan, instancesNamed }, schema, { nearMisses }] = await Promise.all([
    import('../plan/load.js'),
    import('../plan/model.js'),
    import('../plan/cut.js'),
    import('../plan/schema.js'),
    import('../checks/spelling.js'),
  ]);
  const loaded = await loadPlan(flags.fromPlan, {
    cwd: io.cwd,
    env: io.env,
    stdin: io.stdin,
    ...(flags.chdir === undefined ? {} : { chdir: flags.chdir }),
    ...(flags.tofuBin === undefined ? {} : { tofuBin: flags.tofuBin }),
    ...(flags.showTimeout === undefined ? {} : { showTimeoutMs: secondsOption('--show-timeout', flags.showTimeout) }),
  });
  const model = buildPlanModel(loaded);
  const requested: string[] = [];
  for (const address of flags.keep) {
    const found = instancesNamed(model, address);
    if (found.length === 0) {
      const close = nearMisses(address, model.resources.map((resource) => resource.address));
      throw new GuardrailsError('USAGE', `--keep ${JSON.stringify(address)} names no resource in the plan; nothing was written.`, {
        file: flags.fromPlan,
        hint: close.length > 0 ? `Did you mean ${close.map((candidate) => JSON.stringify(candidate)).join(' or ')}?` : 'List the plan\'s resources with `guardrails plan show PLAN --json`.',
      });
    }
    requested.push(...found.map((resource) => resource.address));
  }
  const cut = cutPlan(model, requested);
  const out = path.resolve(io.cwd, flags.out);
  const file = path.join(out, 'tfplan.json');
  const shown = path.relative(io.cwd, file);
  // The cut must be a plan the gate accepts; one it refused would be a bug here, not the user's input.
  const validate: typeof schema.validatePlanSchema = schema.validatePlanSchema;
  validate(structuredClone(cut.plan), shown);
  await mkdir(out, { recursive: true });
  const staging = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(staging, `${JSON.stringify(cut.plan, null, 2)}\n`);
    await rename(staging, file);
  } catch (error) {
    await rm(staging, { force: true });
    throw error;
  }
  io.stdout.write(`wrote ${shown}: ${cut.requested.length + cut.referenced.length} resource instance(s) from ${loaded.displayPath}\n`);
  for (const address of cut.requested) io.stdout.write(`  kept        ${address}\n`);
  for (const address of cut.referenced) io.stdout.write(`  referenced  ${address}\n`);
  if (cut.providers.length > 0) io.stdout.write(`  providers   ${cut.providers.join(', ')}\n`);
  if (cut.variables.length > 0) io.stdout.write(`  variables   ${cut.variables.join(', ')}\n`);
  return ExitCode.Clean;
}
