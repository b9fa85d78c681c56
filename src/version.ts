import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Directory of the installed package (where package.json, features/ and schema/ live). */
export function packageRoot(): string {
  // Compiled to dist/src/version.js, sourced from src/version.ts under vitest: find package.json upwards.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      readFileSync(path.join(dir, 'package.json'));
      return dir;
    } catch {
      dir = path.dirname(dir);
    }
  }
  throw new Error('package.json of tofu-guardrails not found');
}

let cachedVersion: string | undefined;

/** The package version, from package.json. */
export function toolVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cachedVersion;
}
