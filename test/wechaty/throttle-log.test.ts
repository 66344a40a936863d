import { describe, expect, it } from 'vitest';
import { createLogThrottle } from '../../src/channels/wechaty/throttle-log.js';

describe('createLogThrottle', () => {
  it('logs the first of a burst of identical errors, then reports how many were collapsed', () => {
    let t = 0;
    const out: [string, number][] = [];
    const log = createLogThrottle(
      (m, n) => out.push([m, n]),
      () => t,
      60_000,
    );
    for (let i = 0; i < 50; i++) {
      log('getaddrinfo ENOTFOUND login.wx.qq.com');
      t += 400;
    }
    expect(out).toEqual([['getaddrinfo ENOTFOUND login.wx.qq.com', 0]]);
    t += 60_000;
    log('getaddrinfo ENOTFOUND login.wx.qq.com');
    log('another error');
    expect(out).toEqual([
      ['getaddrinfo ENOTFOUND login.wx.qq.com', 0],
      ['getaddrinfo ENOTFOUND login.wx.qq.com', 49],
      ['another error', 0],
    ]);
  });
});
