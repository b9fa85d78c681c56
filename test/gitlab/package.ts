// The npm package as users get it: packed from a clean copy of the repository, installed elsewhere.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { prepareRepositoryCopy, removeDirectory, temporaryDirectory } from './gitlab-ci-local.js';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell and collects its output. */
export async function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  const child = spawn(command, args, { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  return { exitCode, stdout, stderr };
}

/** npm arguments that install from the local cache when it has the package, else from the registry. */
export const quietInstall = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/**
 * `npm pack` in a copy of the working tree without `dist/` (as a fresh clone has it), so the
 * package's own lifecycle scripts must build it. Returns the tarball's path inside `destination`.
 */
export async function packFromCleanCopy(destination: string): Promise<string> {
  const copy = await prepareRepositoryCopy();
  try {
    const packed = await run('npm', ['pack', '--pack-destination', destination, '--loglevel=error'], copy);
    if (packed.exitCode !== 0) throw new Error(`npm pack failed (${packed.exitCode}):\n${packed.stdout}\n${packed.stderr}`);
    const tarballs = (await readdir(destination)).filter((name) => name.endsWith('.tgz'));
    if (tarballs.length !== 1) throw new Error(`expected one tarball in ${destination}, found ${tarballs.join(', ') || 'none'}`);
    return path.join(destination, tarballs[0] as string);
  } finally {
    await removeDirectory(copy);
  }
}

/**
 * Installs the tarball as the compliance gate does: unpacked into an empty directory, then `npm ci`
 * there, which installs exactly the tree of the package's npm-shrinkwrap.json (production
 * dependencies only, no lifecycle scripts). Returns the unpacked package's directory.
 */
export async function installAsTheGateDoes(tarball: string): Promise<string> {
  const project = await temporaryDirectory('guardrails-consumer-');
  const unpacked = await run('tar', ['-xzf', tarball, '-C', project], project);
  if (unpacked.exitCode !== 0) throw new Error(`tar -xzf ${tarball} failed: ${unpacked.stderr}`);
  const packageDir = path.join(project, 'package');
  const installed = await run('npm', ['ci', '--omit=dev', '--ignore-scripts', ...quietInstall], packageDir);
  if (installed.exitCode !== 0) throw new Error(`npm ci in the unpacked package failed (${installed.exitCode}):\n${installed.stdout}\n${installed.stderr}`);
  return packageDir;
}
