import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Reads a JSON Schema shipped in the package's `schema/` directory. The compiled module lives
 * one level deeper (dist/src/...) than the source (src/...), so the directory is found by
 * walking up rather than by a fixed relative path.
 */
export async function readShippedSchema(name: string): Promise<string> {
  let dir = import.meta.dirname;
  for (;;) {
    try {
      return await readFile(path.join(dir, 'schema', name), 'utf8');
    } catch (error) {
      const parent = path.dirname(dir);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === dir) throw error;
      dir = parent;
    }
  }
}
