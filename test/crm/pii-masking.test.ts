import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/pii/create-logger.js';
import { createMaskingLlm } from '../../src/adapters/pii/create-masking-llm.js';
import { createPiiMasker } from '../../src/adapters/pii/create-pii-masker.js';
import { isResidentId, passesLuhn } from '../../src/adapters/pii/validators.js';
import type { ChatMessage, Llm } from '../../src/ports/llm.js';

const masker = createPiiMasker();

/** Real-looking associate messages: [text, raw values that must disappear, values that must survive]. */
const CORPUS: [string, string[], string[]][] = [
  ['反馈：来店的张先生讲黑武士袖口开线了 电话13700001111', ['13700001111'], ['黑武士']],
  ['记一下 李女士 小粉风买了俩月 出风口发烫 138 0013 8000', ['138 0013 8000'], ['小粉风']],
  ['王阿姨手机138-0013-8000，说面霜用了脸发红', ['138-0013-8000'], []],
  ['顾客留的号码 +86 13912345678 让店长回电', ['+86 13912345678', '13912345678'], []],
  ['客户电话+86-139-1234-5678，下午再打', ['139-1234-5678'], []],
  ['电话(+86)15800001234 周末联系', ['15800001234'], []],
  ['联系方式：0086 18612345678', ['18612345678'], []],
  ['手机号8613800138000已经核实', ['13800138000'], []],
  ['全角输入的号码１３８００１３８０００也要遮', ['１３８００１３８０００'], []],
  ['手机1380 013 8000（4-3-4 分组）', ['1380 013 8000'], []],
  ['订单号 20231123456 查不到物流', [], ['20231123456']],
  ['订单12345678901退款中，顾客催了', [], ['12345678901']],
  ['单号10086123456和订单20240101888都要查', [], ['10086123456', '20240101888']],
  ['会员卡号 6222 0212 3456 7890 12 余额不对', ['6222 0212 3456 7890 12'], []],
  ['退款到银行卡622202123456789012，三到七个工作日', ['622202123456789012'], []],
  ['信用卡 4111-1111-1111-1111 被扣了两次', ['4111-1111-1111-1111'], []],
  ['身份证11010519491231002X，要开发票', ['11010519491231002X'], []],
  ['证件号 440524188001010014 核实过了', ['440524188001010014'], []],
  ['身份证号码310115199003071239，手机13800138000', ['310115199003071239', '13800138000'], []],
  ['闰年出生的 11010120000229123X 也是真的身份证', ['11010120000229123X'], []],
  ['这个 18 位流水号 310115199003071238 校验位不对，不是身份证', [], ['310115199003071238']],
  ['日期不存在的 110105199002301234 不算身份证', [], ['110105199002301234']],
  ['快递单号 622202123456789012 已签收', [], ['622202123456789012']],
  ['条码 6901234567892 是洗衣液的', [], ['6901234567892']],
  ['会员尾号6621讲积分对不上', [], ['6621']],
  ['价格 298 元，买两件打 9 折，库存 12345 件', [], ['298', '12345']],
  ['时间戳 1732329600000 不是手机号', [], ['1732329600000']],
  ['客服热线 400-820-8820 可以查', [], ['400-820-8820']],
  ['SKU YX-SK-1021 的面霜', [], ['YX-SK-1021']],
  ['批号 20260101 生产，保质期 3 年', [], ['20260101']],
];

describe('PII masking over a corpus of Chinese associate messages', () => {
  for (const [text, gone, kept] of CORPUS) {
    it(`masks: ${text}`, () => {
      const out = masker.mask(text);
      for (const g of gone) expect(out).not.toContain(g);
      for (const k of kept) expect(out).toContain(k);
      // Nothing digit-only of phone length that is a valid mobile survives.
      expect(out.replace(/[\s-]/g, '')).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
      expect(masker.mask(out)).toBe(out);
    });
  }

  it('keeps only the last four digits of a mobile and reports its kind and value', () => {
    const [m] = masker.find?.('顾客 138 0013 8000 说') ?? [];
    expect(m).toMatchObject({ kind: 'mobile', value: '13800138000', masked: '*******8000' });
    expect(masker.mask('顾客 138 0013 8000 说')).toBe('顾客 *******8000 说');
  });

  it('validates resident ID check characters and bank-card Luhn sums', () => {
    expect(isResidentId('11010519491231002X')).toBe(true);
    expect(isResidentId('110105194912310021')).toBe(false);
    expect(isResidentId('110105194902300027')).toBe(false);
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });
});

describe('createLogger', () => {
  it('writes JSON lines with no raw phone, ID or card anywhere (message, fields, bindings, errors)', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger('debug', masker, sink);
    const child = log.child({ customer: '13800138000' });
    child.info(
      { text: '顾客电话 139-1234-5678', phone: 13700001111, nested: { card: '622202123456789012' } },
      '反馈 11010519491231002X',
    );
    log.error({ err: new Error('insert failed for 13912345678') }, 'db error');
    log.warn('plain message 15800001234');
    expect(lines).toHaveLength(3);
    const all = lines.join('');
    for (const raw of [
      '13800138000',
      '139-1234-5678',
      '13700001111',
      '622202123456789012',
      '11010519491231002X',
      '13912345678',
      '15800001234',
    ]) {
      expect(all).not.toContain(raw);
    }
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const first = JSON.parse(lines[0] ?? '{}');
    expect(first).toMatchObject({ customer: '*******8000', phone: '*******1111', msg: '反馈 **************002X' });
    expect(JSON.parse(lines[1] ?? '{}').err.message).toBe('insert failed for *******5678');
  });
});

describe('createMaskingLlm', () => {
  it('masks every message before it reaches the model', async () => {
    const seen: ChatMessage[][] = [];
    const llm: Llm = {
      model: 'fake',
      async complete(messages) {
        seen.push(messages);
        return 'ok';
      },
      async *stream(messages) {
        seen.push(messages);
        yield 'ok';
      },
      async structured(messages) {
        seen.push(messages);
        throw new Error('unused');
      },
    };
    const safe = createMaskingLlm(llm, masker);
    await safe.complete([{ role: 'user', content: '顾客电话13800138000问面霜' }]);
    for await (const _ of safe.stream([{ role: 'user', content: '卡号622202123456789012' }])) void _;
    expect(JSON.stringify(seen)).not.toMatch(/13800138000|622202123456789012/);
    expect(seen[0]?.[0]?.content).toBe('顾客电话*******8000问面霜');
  });
});
