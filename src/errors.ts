/**
 * Typed errors. Every error a user can cause is a GuardrailsError carrying a stable code,
 * the file it concerns, and a hint saying what to do; bin/ prints it as one paragraph and
 * exits with its exit code. Anything else that escapes is a bug (exit 3).
 */

/** Exit codes shared by every command. */
export const ExitCode = {
  Clean: 0,
  Failed: 1,
  UserError: 2,
  Internal: 3,
} as const;

export type ErrorCode =
  | 'USAGE'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'INPUT_TOO_LARGE'
  | 'INPUT_TOO_DEEP'
  | 'EMPTY_INPUT'
  | 'NOT_JSON'
  | 'TRUNCATED_JSON'
  | 'NOT_A_PLAN'
  | 'STATE_NOT_PLAN'
  | 'UNSUPPORTED_FORMAT_VERSION'
  | 'INVALID_PLAN'
  | 'ERRORED_PLAN'
  | 'SHOW_FAILED'
  | 'SOURCE_MISSING'
  | 'SOURCE_INVALID'
  | 'FEATURE_INVALID'
  | 'STEP_UNDEFINED'
  | 'STEP_AMBIGUOUS'
  | 'CONFIG_INVALID'
  | 'REPORT_WRITE_FAILED'
  | 'FETCH_FAILED'
  | 'GITLAB_API';

export interface GuardrailsErrorDetails {
  /** The file (or URL, or `-` for stdin) the error concerns. */
  file?: string;
  /** What the user should do next. */
  hint?: string;
  cause?: unknown;
}

/** An error the user can fix: bad input, bad usage. Exit code 2. */
export class GuardrailsError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly hint: string | undefined;
  readonly exitCode: number = ExitCode.UserError;

  constructor(code: ErrorCode, message: string, details: GuardrailsErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GuardrailsError';
    this.code = code;
    this.file = details.file;
    this.hint = details.hint;
  }

  /** The one-paragraph text shown to the user: file, what was wrong, what to do. */
  toUserMessage(): string {
    const where = this.file ? `${this.file}: ` : '';
    const hint = this.hint ? ` ${this.hint}` : '';
    return `error: ${where}${this.message}${hint}`;
  }
}

/** True when the value is a user-facing error (also across duplicate module copies). */
export function isGuardrailsError(error: unknown): error is GuardrailsError {
  return error instanceof GuardrailsError || (error instanceof Error && error.name === 'GuardrailsError' && 'code' in error);
}
