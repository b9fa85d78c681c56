import { mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { GuardrailsError } from '../errors.js';
import type { GitLabClient } from './gitlab-client.js';
import type { RegisteredWorkload } from './registry.js';

/** A workload's plan and sources on local disk, ready to load. */
export interface FetchedWorkload {
  /** Plan file to hand to the plan loader (relative to cwd for local plans, so reports are machine-independent). */
  planInput: string;
  /** The name the plan goes by in reports and messages. */
  displayPath: string;
  sourceDir: string | undefined;
  /** The commit whose pipeline produced the plan, when the sources come from the repository archive. */
  commit?: string;
  /** Removes what was downloaded; a no-op for local workloads. */
  cleanup(): Promise<void>;
}

/** Limits on an extracted source archive; a .tf tree is small, anything far larger is refused. */
const sourceLimits = { maxBytes: 64 * 1024 * 1024, maxEntries: 20_000 };

/** Locates a local workload's files, or downloads a GitLab workload's artifacts into a temporary directory. */
export async function fetchWorkload(workload: RegisteredWorkload, cwd: string, gitlab: GitLabClient | undefined): Promise<FetchedWorkload> {
  if (workload.local !== undefined) {
    await refuseBinaryPlan(await fileHead(workload.local.plan), path.relative(cwd, workload.local.plan) || workload.local.plan);
    return {
      planInput: path.relative(cwd, workload.local.plan) || workload.local.plan,
      displayPath: path.relative(cwd, workload.local.plan) || workload.local.plan,
      sourceDir: workload.local.source,
      cleanup: async () => undefined,
    };
  }
  const location = workload.gitlab;
  if (location === undefined) throw new Error(`workload ${workload.name} has neither a local plan nor a GitLab location`);
  if (gitlab === undefined) {
    throw new GuardrailsError('USAGE', `workload ${workload.name} is hosted on GitLab but no GitLab API URL is known.`, {
      hint: 'Pass --gitlab-url https://gitlab.example.com/api/v4 or run inside GitLab CI (CI_API_V4_URL).',
    });
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'guardrails-workload-'));
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    // Sources from the repository: plan and archive both come from one pipeline, so they match.
    const pipeline = location.sourceFromRepository ? await gitlab.latestSuccessfulPipeline(location.project, location.ref) : undefined;
    const plan =
      pipeline === undefined
        ? await gitlab.downloadArtifact(location.project, location.ref, location.job, location.artifact)
        : await gitlab.downloadJobArtifact(location.project, await gitlab.pipelineJobId(location.project, pipeline.id, location.job), location.artifact);
    await refuseBinaryPlan(plan, `gitlab:${location.project}@${location.ref}/${location.job}/${location.artifact}`);
    // Keep the artifact's own name so the loader can tell a JSON plan from a binary one.
    const planFile = path.join(dir, path.basename(location.artifact));
    await writeFile(planFile, plan);
    let sourceDir: string | undefined;
    if (location.sourceArtifact !== undefined) {
      const archive = await gitlab.downloadArtifact(location.project, location.ref, location.job, location.sourceArtifact);
      sourceDir = await extractSources(archive, dir, location.sourceArtifact);
    }
    if (pipeline !== undefined) {
      const archive = await gitlab.repositoryArchive(location.project, pipeline.sha);
      sourceDir = await singleTopDirectory(await extractSources(archive, dir, `repository archive of ${location.project} at ${pipeline.sha}`));
    }
    return {
      ...(pipeline === undefined ? {} : { commit: pipeline.sha }),
      planInput: planFile,
      displayPath: `gitlab:${location.project}@${location.ref}/${location.job}/${location.artifact}`,
      sourceDir,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** GitLab's archives hold one top-level directory (`<project>-<sha>-<sha>/`): the repository root is inside it. */
async function singleTopDirectory(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  const [only] = entries;
  return entries.length === 1 && only !== undefined && only.isDirectory() ? path.join(dir, only.name) : dir;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Observe reads plan JSON only. Rendering a binary plan runs `show -json`, which starts the
 * provider plugins of the configuration directory: for a workload that would be code from its
 * merge request (or its artifacts) running next to the GitLab token.
 */
async function refuseBinaryPlan(head: Buffer, displayPath: string): Promise<void> {
  if (head.length < ZIP_MAGIC.length || !head.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC)) return;
  throw new GuardrailsError('NOT_JSON', 'is a binary plan (a saved `plan -out` file); observe reads plan JSON only and never runs tofu or terraform on a workload\'s files.', {
    file: displayPath,
    hint: 'Publish the plan as JSON from the workload\'s plan job: `tofu show -json tfplan.cache > tfplan.json`, kept as the artifact the registry names.',
  });
}

/** The first bytes of a file, enough to recognise a binary plan; an unreadable file is left to the plan loader to explain. */
async function fileHead(file: string): Promise<Buffer> {
  // Non-blocking, so that a FIFO named as a plan cannot stall the run here.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (handle === undefined) return Buffer.alloc(0);
  try {
    const buffer = Buffer.alloc(ZIP_MAGIC.length);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0).catch(() => ({ bytesRead: 0 }));
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Extracts a .tar.gz of sources; entries escaping the directory, links and oversized trees are
 * refused, and no entry keeps its mode: files are 0644 and directories 0755 whatever the archive
 * says, so nothing extracted (a provider binary, a script) is executable.
 */
export async function extractSources(archive: Buffer, workDir: string, label: string): Promise<string> {
  const archiveFile = path.join(workDir, 'sources.tar.gz');
  const target = path.join(workDir, 'src');
  await writeFile(archiveFile, archive);
  await mkdir(target);
  let bytes = 0;
  let entries = 0;
  let refused: string | undefined;
  const refuse = (why: string): void => {
    refused ??= why;
  };
  try {
    await tar.x({
      file: archiveFile,
      cwd: target,
      // strict turns tar's own refusals (absolute paths, `..`) into errors instead of silent skips.
      strict: true,
      preservePaths: false,
      onwarn: (_code, message) => refuse(String(message)),
      filter: (entryPath, entry) => {
        const type = 'type' in entry ? entry.type : 'File';
        if (path.isAbsolute(entryPath) || entryPath.split(/[\\/]/).includes('..')) {
          refuse(`entry ${entryPath} points outside the archive`);
          return false;
        }
        if (type !== 'File' && type !== 'OldFile' && type !== 'Directory') {
          refuse(`entry ${entryPath} is a ${type}; only files and directories are accepted`);
          return false;
        }
        entries += 1;
        bytes += entry.size ?? 0;
        // The unpacker creates (and chmods) each entry with entry.mode.
        entry.mode = type === 'Directory' ? 0o755 : 0o644;
        if (bytes > sourceLimits.maxBytes || entries > sourceLimits.maxEntries) {
          refuse(`it is larger than ${sourceLimits.maxBytes} bytes or ${sourceLimits.maxEntries} entries`);
          return false;
        }
        return true;
      },
    });
  } catch (error) {
    refuse((error as Error).message);
  }
  if (refused !== undefined) {
    throw new GuardrailsError('SOURCE_INVALID', `source archive ${label} was refused: ${refused}.`, {
      file: label,
      hint: 'Publish the .tf sources as a plain .tar.gz of relative paths (tar -czf src.tar.gz -C <dir> .).',
    });
  }
  return target;
}
