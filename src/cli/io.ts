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
