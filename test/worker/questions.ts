/**
 * Questions asked of the demo pack (knowledge/) on both runtimes: products by name, alias,
 * SKU and homophone typo, competitor comparisons, objections, complaints, and a decline.
 */
export const WORKER_QUESTIONS = [
  '紫管眼霜跟隔壁那款比咋样',
  '顾客说包装破了要退货',
  '蓝桶洗衣液冷水能洗干净吗',
  '水杨酸精化能天天用吗',
  '胜肽紧至面霜多少钱',
  'YX-KT-3101 还有货吗',
  '3102那个锅能用电磁炉吗',
  '不粘锅 煎蛋测试',
  '小金罐多少钱',
  '顾客嫌贵怎么说',
  '面霜用了脸发红怎么办',
  '今天天气不错',
];
