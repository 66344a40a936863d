// Common surnames, minus characters that are everyday words (和, 时, 向, 全, …) to avoid 和姐姐-style false hits.
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤常温康施牛樊葛邢乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍喻祁蒲房滕屈饶牟艾穆农司卓缪项芦麦褚娄窦戚岑景党宫费卜冷晏卫米柏瞿桂佟臧闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄仲虞敖巩佘苑迟邝';
const HONORIFICS = '女士|先生|小姐|阿姨|大姐|大哥|姐姐|哥哥|老师|奶奶|爷爷|大爷|大妈|叔叔|姐|哥|总|太太|妈妈';
const NAME = new RegExp(`([${SURNAMES}](?:${HONORIFICS}))`, 'g');

/**
 * Finds how a customer is named in a report: a common surname followed by an honorific
 * (王女士, 张先生, 李阿姨). Returns each distinct name with its offset, earliest first.
 */
export function findPersonNames(text: string): { name: string; start: number }[] {
  const seen = new Map<string, number>();
  for (const m of text.matchAll(NAME)) {
    const name = m[1] ?? '';
    if (!seen.has(name)) seen.set(name, m.index);
  }
  return [...seen.entries()].map(([name, start]) => ({ name, start }));
}
