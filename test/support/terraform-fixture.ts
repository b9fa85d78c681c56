/**
 * A real binary plan made by the `terraform` on PATH, from a configuration that uses only the
 * builtin `terraform_data` resource (no provider download): a root resource with
 * `lifecycle { prevent_destroy = true }` and a child module from a local source.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const ROOT_MAIN_TF = `terraform {
  required_version = ">= 1.4"
}

resource "terraform_data" "state_bucket" {
  input = {
    bucket     = "example-tfstate"
    versioning = true
  }

  lifecycle {
    prevent_destroy = true
  }
}

module "child" {
  source = "./modules/child"
  name   = "audit-logs"
}

output "child_id" {
  value = module.child.id
}
`;

const CHILD_MAIN_TF = `variable "name" {
  type = string
}

resource "terraform_data" "log_bucket" {
  input = var.name
}

output "id" {
  value = terraform_data.log_bucket.id
}
`;

/** Absolute path of an executable named `name` on the PATH of this process, if any. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  return undefined;
}

/** Environment for running terraform unattended. */
export function terraformEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
}

/**
 * Writes the configuration into a new temporary directory, runs `terraform init` and
 * `terraform plan -out=tfplan.cache` there, and returns the directory and the absolute path of
 * the plan file. The caller removes `dir` when done.
 */
export async function makeBinaryPlanFixture(): Promise<{ dir: string; planFile: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'guardrails-binary-plan-'));
  await mkdir(path.join(dir, 'modules', 'child'), { recursive: true });
  await writeFile(path.join(dir, 'main.tf'), ROOT_MAIN_TF);
  await writeFile(path.join(dir, 'modules', 'child', 'main.tf'), CHILD_MAIN_TF);
  const options = { cwd: dir, env: terraformEnv() };
  await run('terraform', ['init', '-input=false', '-no-color'], options);
  await run('terraform', ['plan', '-input=false', '-no-color', '-out=tfplan.cache'], options);
  return { dir, planFile: path.join(dir, 'tfplan.cache') };
}
