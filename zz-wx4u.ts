import { createWechatyChannel } from '/work/main/src/channels/wechaty/create-wechaty-channel.js';
import { createTestAssistant } from '/work/main/test/fakes/wecom/test-assistant.js';
const t = await createTestAssistant();
const logger = { debug() {}, info: (o: unknown, m?: string) => console.log('INFO', typeof o === 'string' ? o : m, typeof o === 'string' ? '' : JSON.stringify(o)), warn: (o: unknown, m?: string) => console.log('WARN', typeof o === 'string' ? o : m, typeof o === 'string' ? '' : JSON.stringify(o)), error: (o: unknown, m?: string) => console.log('ERROR', m ?? o), child() { return logger; } };
const ch = createWechatyChannel({ assistant: t.assistant, logger: logger as never, puppet: 'wechaty-puppet-wechat4u', sessionFile: '/tmp/wx4u-data/wechaty', reconnect: { initialMs: 2000, maxMs: 4000 } });
await ch.start!();
console.log('start() returned');
setTimeout(async () => { await ch.stop!(); console.log('stopped'); process.exit(0); }, 8000);
