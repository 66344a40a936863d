import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file lives in bench/lib/). */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The external evaluation folder: `EVAL_DIR` when set, else `../shared/eval` beside the
 * project. Evaluation material is read from there at run time, never copied in.
 */
export function evalDir(env: Record<string, string | undefined> = process.env): string {
  return env.EVAL_DIR ? resolve(env.EVAL_DIR) : resolve(projectRoot, '../shared/eval');
}
