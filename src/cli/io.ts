/** What a command may touch of the outside world. Only bin/ builds one from `process`. */
export interface CliIO {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: TextSink;
  stderr: TextSink;
  /** Standard input, for `-` as a plan path. */
  stdin: NodeJS.ReadableStream;
  /** Whether stderr is an interactive terminal (progress lines are only drawn there). */
  stderrIsTTY: boolean;
}

export interface TextSink {
  write(text: string): unknown;
}

/** A sink that keeps what is written, for tests and in-process callers. */
export class BufferSink implements TextSink {
  private chunks: string[] = [];
  write(text: string): true {
    this.chunks.push(text);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

/**
 * A sink over a real output stream (bin/ wraps process.stdout and process.stderr in one) that
 * never lets a failed write crash the process: a closed pipe (EPIPE, `guardrails check | head -1`)
 * or a full disk (ENOSPC) is recorded, later writes are dropped, and `settled()` says what was lost.
 */
export class StreamSink implements TextSink {
  private pending = 0;
  private idle: Array<() => void> = [];
  private error: NodeJS.ErrnoException | undefined;

  constructor(private readonly stream: NodeJS.WritableStream) {
    // Without a listener, an asynchronous write error is an uncaught 'error' event: a stack trace.
    stream.on('error', (error: NodeJS.ErrnoException) => this.fail(error));
  }

  write(text: string): boolean {
    if (this.error !== undefined) return false;
    this.pending += 1;
    try {
      return this.stream.write(text, (error) => this.done(error ?? undefined));
    } catch (error) {
      this.done(error as NodeJS.ErrnoException);
      return false;
    }
  }

  /** Resolves once every write has completed (or failed), with the first write error, if any. */
  async settled(): Promise<NodeJS.ErrnoException | undefined> {
    if (this.pending > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    return this.error;
  }

  private done(error: NodeJS.ErrnoException | undefined): void {
    if (error) this.fail(error);
    this.pending = Math.max(0, this.pending - 1);
    if (this.pending === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private fail(error: NodeJS.ErrnoException): void {
    this.error ??= error;
  }
}

/**
 * The exit code once output has settled. Losing stdout (which carries the summary and any report
 * written to `-`) is exit 2 with one line on stderr, whatever the verdict: a report that did not
 * reach its reader is an output failure, never a policy failure, and a run whose report was lost
 * never counts as clean. A failure of stderr itself changes nothing (there is nowhere left to say
 * so, and the exit code still carries the verdict).
 */
export async function exitCodeAfterOutput(code: number, stdout: StreamSink, stderr: StreamSink): Promise<number> {
  const lost = await stdout.settled();
  if (lost === undefined) {
    await stderr.settled();
    return code;
  }
  stderr.write(`error: stdout: the output could not be written (${describeWriteError(lost)}); the report on stdout is incomplete. Write reports to files with --format NAME:PATH, or read the whole output.\n`);
  await stderr.settled();
  return 2;
}

function describeWriteError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EPIPE':
      return 'the reader closed the pipe, EPIPE';
    case 'ENOSPC':
      return 'no space left on the device, ENOSPC';
    default:
      return error.code ?? 'write error';
  }
}
