import { Writable } from 'node:stream';
import type { IRunEnvironment } from '@cucumber/cucumber/api';

export type CucumberEnvironment = Required<Pick<IRunEnvironment, 'cwd' | 'stdout' | 'stderr' | 'env'>>;

/**
 * The environment cucumber runs in. Its own formatters are not used (reports are built from the
 * findings), so what it would print goes nowhere.
 */
export function cucumberEnvironment(cwd: string, env: Readonly<Record<string, string | undefined>> = {}): CucumberEnvironment {
  return { cwd, stdout: discard(), stderr: discard(), env: { ...env } };
}

function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}
