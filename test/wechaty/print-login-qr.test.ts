import { describe, expect, it } from 'vitest';
import { loginQrUrl, printLoginQr } from '../../src/channels/wechaty/print-login-qr.js';
import type { Logger } from '../../src/ports/logger.js';

describe('printLoginQr', () => {
  it('draws the login QR code in the terminal and logs a link showing the same code', async () => {
    const logged: unknown[] = [];
    const logger = { info: (o: unknown) => void logged.push(o) } as unknown as Logger;
    let out = '';
    await printLoginQr('https://login.weixin.qq.com/l/abc123==', logger, (s) => {
      out += s;
    });
    // Block-art rows of equal width, using the half-block characters terminals render.
    const rows = out.trimEnd().split('\n');
    expect(rows.length).toBeGreaterThan(10);
    expect(out).toMatch(/[█▀▄]/);
    expect(logged).toEqual([{ url: loginQrUrl('https://login.weixin.qq.com/l/abc123==') }]);
    expect(loginQrUrl('a b/=')).toBe('https://wechaty.js.org/qrcode/a%20b%2F%3D');
  });
});
