import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/** Whether `program` is an executable file in one of PATH's folders (or, given as an absolute path, there). */
export async function onPath(program: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const candidates = isAbsolute(program) ? [program] : (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, program));
  for (const file of candidates) {
    try {
      await access(file, constants.X_OK);
      return true;
    } catch {
      // Not there.
    }
  }
  return false;
}
