import { DaogouError } from '../../core/errors.js';

/**
 * Checks that the puppet module named by WECHATY_PUPPET can be imported, so a missing one is
 * one clear line instead of wechaty's multi-line dump. Throws WECHATY_PUPPET_NOT_INSTALLED
 * when the package is absent and WECHATY_PUPPET_LOAD_FAILED when it is present but broken.
 */
export async function ensurePuppetInstalled(
  name: string,
  importer: (specifier: string) => Promise<unknown> = (s) => import(s),
): Promise<void> {
  if (!/^(@[a-z0-9-]+\/)?[a-z0-9][a-z0-9._-]*$/.test(name)) {
    throw new DaogouError(
      'WECHATY_PUPPET_INVALID',
      `WECHATY_PUPPET="${name}" is not an npm package name (e.g. wechaty-puppet-wechat4u)`,
    );
  }
  try {
    await importer(name);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === 'ERR_MODULE_NOT_FOUND' && e.message?.includes(`'${name}'`)) {
      throw new DaogouError(
        'WECHATY_PUPPET_NOT_INSTALLED',
        `WECHATY_PUPPET=${name} but that package is not installed: run "npm install ${name}", or unset WECHATY_PUPPET to start without WeChat`,
        { cause: err },
      );
    }
    throw new DaogouError(
      'WECHATY_PUPPET_LOAD_FAILED',
      `WECHATY_PUPPET=${name} could not be loaded: ${e.message ?? String(err)}`,
      {
        cause: err,
      },
    );
  }
}
