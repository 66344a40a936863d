import type { Logger } from '../../ports/logger.js';

interface QrRenderer {
  toString(text: string, opts: { type: 'terminal'; small?: boolean }): Promise<string>;
}

/** A browser-viewable rendering of the login QR, for terminals that cannot show the block art. */
export function loginQrUrl(qrcode: string): string {
  return `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}`;
}

/**
 * Prints the WeChat login QR code in the terminal (via the `qrcode` package when it can be
 * loaded) and logs a URL showing the same code.
 */
export async function printLoginQr(
  qrcode: string,
  logger: Logger,
  write: (s: string) => void = (s) => void process.stdout.write(s),
): Promise<void> {
  logger.info({ url: loginQrUrl(qrcode) }, 'wechaty: scan the QR code with WeChat to log in');
  try {
    const specifier = 'qrcode';
    const mod = (await import(specifier)) as { default?: QrRenderer } & Partial<QrRenderer>;
    const renderer = mod.default ?? (mod as QrRenderer);
    write(`${await renderer.toString(qrcode, { type: 'terminal', small: true })}\n`);
  } catch {
    write(`Open this link and scan the code with WeChat: ${loginQrUrl(qrcode)}\n`);
  }
}
