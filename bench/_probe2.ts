import { createTestRuntime } from '../test/helpers/test-runtime.js';
const rt = await createTestRuntime();
const Q = ['紫管眼霜跟隔壁那款比咋样', '小蓝罐适合敏感肌吗', '顾客说包装破了要退货', '防晒霜油不油', '这款面霜多少钱'];
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) {
    await rt.assistant.handle({ eventId: `e${round}_${i}`, channel: 'lark', chatId: `oc_${i % 500}`, chatType: 'p2p', userId: `ou_${i}`, text: Q[i % 5]!, addressedToBot: true, sentAt: 0 });
  }
  console.log('per handle ms', ((performance.now() - t0) / 100).toFixed(2));
}
await rt.close();
