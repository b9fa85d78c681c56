/**
 * The one way the tool reads a file it was given (plan, .tf source, waivers, workloads registry,
 * observation and shard results): bounded by the limit for its kind, and with every filesystem
 * error turned into one message that names the file, says what was wrong and what to do. The
 * messages never contain the file's content.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { GuardrailsError, isGuardrailsError, type ErrorCode } from '../errors.js';
import { locateJsonSyntaxError } from '../plan/json-syntax.js';
import { describeLimit, INPUT_LIMITS, inputLimit, type InputKind } from './limits.js';
import { jsonNestingExceeds, tooDeepError } from './nesting.js';

export interface ReadInputOptions {
  /** The name shown in messages: the path as the user (or a registry) wrote it. */
  display: string;
  /** The kind of input, which sets the size limit. */
  kind: InputKind;
  /** What the file should be, ending the sentence "expected …", e.g. "a plan file (JSON or binary)". */
  expected: string;
  /** What to do when the file does not exist. */
  missingHint: string;
  /** The error code of a missing file (FILE_NOT_FOUND unless the caller's domain has its own). */
  missingCode?: ErrorCode;
  /** The error code of any other read failure (FILE_UNREADABLE unless the caller's domain has its own). */
  unreadableCode?: ErrorCode;
}

/** Reads a whole file, at most its kind's limit; a pipe or device is read up to the limit, then refused. */
export async function readInputFile(absolute: string, options: ReadInputOptions): Promise<Buffer> {
  const resolved = options.display === absolute ? '' : ` (resolved to ${absolute})`;
  let handle: FileHandle;
  try {
    handle = await open(absolute, 'r');
  } catch (error) {
    throw readError(error, options, resolved);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw readError(Object.assign(new Error('is a directory'), { code: 'EISDIR' }), options, resolved);
    const limit = inputLimit(options.kind);
    if (stats.isFile() && stats.size > limit) throw tooLarge(options, `is ${describeLimit(stats.size)}`);
    return await readAtMost(handle, limit, stats.isFile() ? stats.size : undefined, options);
  } catch (error) {
    if (isGuardrailsError(error)) throw error;
    throw readError(error, options, resolved);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Reads a file as UTF-8 text (see readInputFile). */
export async function readInputText(absolute: string, options: ReadInputOptions): Promise<string> {
  return (await readInputFile(absolute, options)).toString('utf8');
}

/** Reads a stream (standard input) to its end, refusing it once it exceeds its kind's limit. */
export async function readInputStream(stream: NodeJS.ReadableStream, options: Pick<ReadInputOptions, 'display' | 'kind' | 'expected'>): Promise<Buffer> {
  const limit = inputLimit(options.kind);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    total += bytes.length;
    if (total > limit) {
      // Stop reading, so a producer that never ends (a stream of zeros) cannot hold the run.
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw tooLarge(options, 'continues past that');
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

const CHUNK = 1024 * 1024;

/**
 * Reads until end of file or until more than `limit` bytes arrived. A regular file's size is known
 * and read into one buffer (one byte more, to notice a file that grew); a pipe or a device is read
 * chunk by chunk, so /dev/zero costs at most the limit.
 */
async function readAtMost(handle: FileHandle, limit: number, size: number | undefined, options: ReadInputOptions): Promise<Buffer> {
  if (size !== undefined) {
    const buffer = Buffer.allocUnsafe(size + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) return buffer.subarray(0, filled);
      filled += bytesRead;
      if (filled === buffer.length) {
        // The file grew while it was read: read the rest like a stream, still bounded.
        if (filled > limit) throw tooLarge(options, 'grew while it was read');
        return Buffer.concat([buffer, await readAtMost(handle, limit - filled, undefined, options)]);
      }
    }
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit - total + 1));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > limit) throw tooLarge(options, 'is not a regular file (a pipe or a device) and continues past that');
    chunks.push(chunk.subarray(0, bytesRead));
  }
}

function tooLarge(options: Pick<ReadInputOptions, 'display' | 'kind' | 'expected'>, what: string): GuardrailsError {
  const spec = INPUT_LIMITS[options.kind];
  return new GuardrailsError('INPUT_TOO_LARGE', `${what}: more than the limit of ${describeLimit(inputLimit(options.kind))} for ${spec.noun}; expected ${options.expected}.`, {
    file: options.display,
    hint: `Check that this is the intended file. If it is genuine, raise the limit with the environment variable ${spec.variable} (in MiB).`,
  });
}

/** One message per filesystem error; the OS error's code is shown, its text (which repeats the path) is not needed. */
function readError(error: unknown, options: ReadInputOptions, resolved: string): GuardrailsError {
  const code = (error as NodeJS.ErrnoException).code;
  const unreadable = (what: string, hint: string): GuardrailsError =>
    new GuardrailsError(options.unreadableCode ?? 'FILE_UNREADABLE', `${what}${resolved}; expected ${options.expected}.`, { file: options.display, hint, cause: error });
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new GuardrailsError(options.missingCode ?? 'FILE_NOT_FOUND', `does not exist${resolved}; expected ${options.expected}.`, {
        file: options.display,
        hint: options.missingHint,
        cause: error,
      });
    case 'EACCES':
    case 'EPERM':
      return unreadable('cannot be read: permission denied', 'Make the file readable by the user that runs guardrails.');
    case 'EISDIR':
      return unreadable('is a directory', 'Name a file inside it.');
    case 'ELOOP':
      return unreadable('is a symbolic link that loops (too many levels of symbolic links)', 'Point the link at a real file, or name the file itself.');
    case 'ENXIO':
      return unreadable('is a socket or a device that cannot be opened for reading', 'Name a regular file.');
    case 'ENAMETOOLONG':
      return unreadable('has a name that is too long for the filesystem', 'Check the path.');
    case 'EMFILE':
    case 'ENFILE':
      return unreadable('cannot be opened: too many open files', 'Retry, or raise the limit of open files (ulimit -n).');
    default:
      return unreadable(`cannot be read (${code ?? 'unknown error'})`, 'Check the file and the filesystem it is on.');
  }
}

/** Reads a JSON file (see readInputFile); a syntax error gives its position, never the text around it. */
export async function readInputJson(absolute: string, options: ReadInputOptions): Promise<unknown> {
  return parseInputJson((await readInputFile(absolute, options)).toString('utf8'), options);
}

/** Parses JSON text read from `options.display`, refusing text that is not JSON or nests too deeply. */
export function parseInputJson(text: string, options: Pick<ReadInputOptions, 'display' | 'expected'>): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The engine's message quotes the text around the error; only the position is shown.
    const problem = locateJsonSyntaxError(text);
    const where = problem === undefined ? '' : problem.endOfInput ? ' (it ends too early)' : ` (at ${lineAndColumnOf(text, problem.offset)}: expected ${problem.expected})`;
    throw new GuardrailsError('NOT_JSON', `is not JSON${where}; expected ${options.expected}.`, {
      file: options.display,
      hint: 'Check that this is the intended file and that the job that wrote it succeeded.',
      cause: error,
    });
  }
  if (jsonNestingExceeds(text) !== undefined) throw tooDeepError(options.display, options.expected);
  return value;
}

function lineAndColumnOf(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
