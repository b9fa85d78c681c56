/**
 * Writing reports. Every file is written whole or not at all: text goes to a temporary file
 * beside the destination and is renamed over it; a directory report is rendered into a
 * temporary sibling directory and swapped in. Nothing is destroyed on the way: a directory is
 * replaced only when this tool wrote it, and a device or symbolic link is written through, never
 * replaced by a regular file. A destination that cannot be written is a REPORT_WRITE_FAILED
 * error (exit 2) naming it, after every other output has been written.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GuardrailsError } from '../errors.js';
import type { TextSink } from '../cli/io.js';
import { findFormat, reportFormats, type FormatRequest, type RenderedReport } from './formats.js';
import { isObservationReport, type AnyReport } from './text.js';

/** What writeReports needs from its caller: the working directory and the stream behind `-`. */
export interface WriteReportsOptions {
  /** Relative destinations are resolved against it. */
  cwd: string;
  /** Where `-` goes. */
  stdout: TextSink;
}

interface PlannedOutput {
  format: string;
  /** As the user wrote it (or the default), for messages. */
  destination: string;
  /** Absolute path, or `-`. */
  target: string;
  rendered: RenderedReport;
}

/** Renders the report in every requested format and writes each to its destination (`-` is stdout). */
export async function writeReports(outputs: readonly FormatRequest[], report: AnyReport, options: WriteReportsOptions): Promise<void> {
  const planned = outputs.map((output) => planOutput(output, report, options.cwd));
  refuseSharedDestinations(planned);
  const failures: Array<{ destination: string; message: string }> = [];
  for (const output of planned) {
    try {
      await writeOutput(output, options.stdout);
    } catch (error) {
      if (!isOsError(error)) {
        throw error;
      }
      failures.push({ destination: output.destination, message: `could not write the ${output.format} report to ${output.destination}: ${error.message}` });
    }
  }
  if (failures.length > 0) {
    throw new GuardrailsError('REPORT_WRITE_FAILED', `${failures.map((failure) => failure.message).join('; ')}.`, {
      file: failures[0]?.destination,
      hint: 'Make sure the directory can be created and written to, or choose another path with --format NAME:PATH.',
    });
  }
}

function planOutput(output: FormatRequest, report: AnyReport, cwd: string): PlannedOutput {
  const format = findFormat(output.name);
  if (format === undefined) {
    throw new GuardrailsError('USAGE', `unknown report format "${output.name}"; expected one of: ${reportFormats.map((f) => f.name).join(', ')}.`, {
      hint: 'Write --format NAME or --format NAME:PATH.',
    });
  }
  const observation = isObservationReport(report);
  const render = observation ? format.observation : format.check;
  if (render === undefined) {
    const supported = reportFormats.filter((f) => (observation ? 'observation' in f : 'check' in f)).map((f) => f.name);
    throw new GuardrailsError('USAGE', `the ${format.name} format cannot render ${observation ? 'an observation' : 'a check'} report; expected one of: ${supported.join(', ')}.`, {
      hint: `Drop --format ${format.name} from this command.`,
    });
  }
  const destination = output.destination ?? format.defaultDestination;
  if (destination === '-' && format.output === 'directory') {
    throw new GuardrailsError('USAGE', `the ${format.name} format writes a directory and cannot go to stdout ("-").`, {
      hint: `Write --format ${format.name} for ${format.defaultDestination}, or --format ${format.name}:DIR.`,
    });
  }
  const target = destination === '-' ? '-' : path.resolve(cwd, destination);
  return { format: format.name, destination, target, rendered: (render as (r: AnyReport) => RenderedReport)(report) };
}

function refuseSharedDestinations(planned: readonly PlannedOutput[]): void {
  const seen = new Map<string, string>();
  for (const output of planned) {
    if (output.target === '-') {
      continue;
    }
    const earlier = seen.get(output.target);
    if (earlier !== undefined) {
      throw new GuardrailsError('USAGE', `the ${earlier} and ${output.format} reports would both be written to ${output.destination}.`, {
        hint: 'Give each --format its own path: --format NAME:PATH.',
      });
    }
    seen.set(output.target, output.format);
  }
}

async function writeOutput(output: PlannedOutput, stdout: TextSink): Promise<void> {
  const rendered = output.rendered;
  if (rendered.kind === 'text') {
    if (output.target === '-') {
      stdout.write(rendered.text);
      return;
    }
    await writeTextTo(output.target, rendered.text);
    return;
  }
  await replaceDirectory(output.target, async (dir) => {
    await rendered.writeInto(dir);
    await writeFile(path.join(dir, REPORT_MARKER), MARKER_TEXT, { flag: 'wx' });
  });
}

/**
 * The file a directory report carries so a later run knows it wrote the directory and may
 * replace it. A directory without it is never deleted, whatever else it holds.
 */
/** Writes one text document (a record, not a report format) to a path relative to cwd, as text reports are written. */
export async function writeTextFile(destination: string, cwd: string, text: string): Promise<void> {
  try {
    await writeTextTo(path.resolve(cwd, destination), text);
  } catch (error) {
    if (!isOsError(error)) throw error;
    throw new GuardrailsError('REPORT_WRITE_FAILED', `could not write ${destination}: ${error.message}.`, {
      file: destination,
      hint: 'Make sure the directory can be created and written to, or choose another path.',
    });
  }
}

export const REPORT_MARKER = '.guardrails-report';
const MARKER_TEXT = 'Written by tofu-guardrails. The whole directory is replaced on the next run.\n';

/**
 * Writes a text report to a path. A regular file (or a path that does not exist yet) is replaced
 * atomically; a device or FIFO (`/dev/stdout` on a pipe or terminal, a named pipe) is written into as it is,
 * since replacing it with a regular file would break whatever reads it. A symbolic link is
 * followed: the file it points at is replaced and the link is kept. A socket cannot be opened by
 * path (`/dev/stdout` of a process whose stdout is a socket), so it is a failed destination.
 */
async function writeTextTo(target: string, text: string): Promise<void> {
  const node = await lstatIfPresent(target);
  if (node === undefined || node.isFile()) {
    await writeFileAtomically(target, text);
    return;
  }
  const pointed = node.isSymbolicLink() ? await statIfPresent(target) : node;
  if (pointed === undefined) {
    throw osError('ENOENT', 'it is a symbolic link to nothing, and is not replaced');
  }
  if (pointed.isDirectory()) {
    throw osError('EISDIR', 'it is a directory');
  }
  if (pointed.isFile()) {
    await writeFileAtomically(await realpath(target), text);
    return;
  }
  if (pointed.isSocket()) {
    throw osError('ENXIO', 'it is a socket, which cannot be opened by its path; write to "-" for stdout');
  }
  // A device or FIFO: write into it (no O_CREAT, no rename), as a shell redirection would.
  await writeFile(target, text, { flag: constants.O_WRONLY });
}

/** Writes `text` to a temporary file beside `target`, then renames it over `target`. */
async function writeFileAtomically(target: string, text: string): Promise<void> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${uniqueSuffix()}.tmp`);
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Fills a temporary sibling directory, then swaps it in for `target`, restoring the old one if the swap fails. */
async function replaceDirectory(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  await refuseForeignDirectory(target);
  const suffix = uniqueSuffix();
  const temp = path.join(parent, `.${path.basename(target)}.${suffix}.tmp`);
  const old = path.join(parent, `.${path.basename(target)}.${suffix}.old`);
  await mkdir(temp);
  try {
    await fill(temp);
    const hadOld = await renameIfPresent(target, old);
    try {
      await rename(temp, target);
    } catch (error) {
      if (hadOld) {
        await rename(old, target);
      }
      throw error;
    }
    if (hadOld) {
      await rm(old, { recursive: true, force: true });
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Replacing a directory deletes what was in it, so only an empty directory or one this tool wrote
 * (it holds the marker file) may be replaced: `--format html:.` must never wipe a checkout, even
 * one that happens to hold an index.html. A symbolic link is not followed: swapping the directory
 * in would replace the link itself.
 */
async function refuseForeignDirectory(target: string): Promise<void> {
  const info = await lstatIfPresent(target);
  if (info === undefined) {
    return;
  }
  if (info.isSymbolicLink()) {
    throw osError('ELOOP', 'it is a symbolic link, which a directory report does not follow; name the directory itself');
  }
  if (!info.isDirectory()) {
    throw osError('ENOTDIR', 'it exists and is not a directory');
  }
  const entries = await readdir(target);
  if (entries.length > 0 && !entries.includes(REPORT_MARKER)) {
    throw osError('ENOTEMPTY', `it is a non-empty directory this tool did not write (it has no ${REPORT_MARKER} file), so it is not replaced`);
  }
}

async function lstatIfPresent(target: string): Promise<Stats | undefined> {
  return lstat(target).catch(undefinedWhenMissing);
}

async function statIfPresent(target: string): Promise<Stats | undefined> {
  return stat(target).catch(undefinedWhenMissing);
}

function undefinedWhenMissing(error: unknown): undefined {
  if (isOsError(error) && error.code === 'ENOENT') {
    return undefined;
  }
  throw error;
}

/** An error shaped like the OS's own, so it is reported as a failed destination, not a bug. */
function osError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

async function renameIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if (isOsError(error) && error.code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}

function uniqueSuffix(): string {
  return randomBytes(6).toString('hex');
}

function isOsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
