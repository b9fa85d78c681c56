import { access, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Finds a file or directory shipped with the package (`schema/...`, `features`). Compiled modules
 * live one level deeper (dist/src/...) than the sources (src/...), so it is found by walking up
 * from this module rather than by a fixed relative path.
 */
export async function findPackagePath(relative: string): Promise<string> {
  let dir = import.meta.dirname;
  for (;;) {
    const candidate = path.join(dir, relative);
    try {
      await access(candidate);
      return candidate;
    } catch (error) {
      const parent = path.dirname(dir);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === dir) throw error;
      dir = parent;
    }
  }
}

/** Reads a JSON Schema from the package's `schema/` directory. */
export async function readShippedSchema(name: string): Promise<string> {
  return readFile(await findPackagePath(path.join('schema', name)), 'utf8');
}
