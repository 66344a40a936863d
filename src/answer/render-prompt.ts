import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DaogouError } from '../core/errors.js';

/** The project's prompts folder: `<root>/prompts`, two levels above this module (src/answer). */
const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));
const NAME = /^[a-z0-9][a-z0-9-]*$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

const cache = new Map<string, string>();

function loadPrompt(name: string): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  if (!NAME.test(name)) throw new DaogouError('PROMPT_NAME_INVALID', `Prompt name "${name}" must be kebab-case`);
  const path = `${PROMPTS_DIR}${name}.md`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DaogouError('PROMPT_MISSING', `Prompt file ${path} cannot be read; restore prompts/${name}.md`, {
      cause: err,
    });
  }
  cache.set(name, text);
  return text;
}

/**
 * Renders `prompts/<name>.md` (read once, then cached), replacing each `{{var}}` with its
 * value in a single pass, so a value that itself contains `{{…}}` is never expanded.
 * Throws PROMPT_MISSING for a missing file and PROMPT_VAR_MISSING for an unset variable.
 */
export function renderPrompt(name: string, vars: Record<string, string | number> = {}): string {
  const template = loadPrompt(name);
  return template.replace(PLACEHOLDER, (_all, key: string) => {
    const value = vars[key];
    if (value === undefined) {
      throw new DaogouError('PROMPT_VAR_MISSING', `Prompt prompts/${name}.md needs the variable {{${key}}}`);
    }
    return String(value);
  });
}
