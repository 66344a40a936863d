import type { FeedbackCategory, Sentiment } from '../../ports/crm.js';

// Checked in order: the first category whose words appear wins (safety outranks quality, …).
const CATEGORY_WORDS: [FeedbackCategory, RegExp][] = [
  [
    '过敏/安全',
    /过敏|红肿|发红|泛红|刺痛|起疹|疹子|瘙痒|发痒|烫伤|烫红|烫到|受伤|划伤|割伤|流血|起火|着火|冒烟|爆炸|漏电|触电|中毒|拉肚子|腹泻|呕吐|头晕|不舒服|身体不适/,
  ],
  [
    '质量',
    /质量|坏了|坏掉|损坏|破了|破损|裂开|开裂|裂了|漏水|漏液|开线|钻绒|跑绒|钻毛|掉色|褪色|起球|焦味|焦糊|糊味|异味|有味道|故障|不转|失灵|死机|变形|掉漆|涂层|生锈|拉链|瑕疵|用不了|不好用|不能用|没反应|充不进|不制冷|不加热/,
  ],
  ['物流', /物流|快递|配送|送货|发货|没送到|还没到|到货慢|运输/],
  ['缺货', /缺货|没货|断货|进货|补货|到货|有没有.{0,8}(大号|小号|尺码|颜色|款)|尺码不全|卖完|断码/],
  ['价格', /价格|太贵|贵了|差价|降价|保价|便宜|比价|价钱/],
  ['服务', /态度|服务|排队|骂人|不理|怠慢|承诺|答应|说好|没给|没兑现|等了|等太久|导购/],
  ['售后', /退货|退款|换货|维修|保修|积分|发票|售后|退换|会员/],
];

const THREAT =
  /12315|消协|消费者协会|工商|市场监管|媒体|记者|曝光|电视台|报社|微博|抖音|小红书|网上发|发到网上|律师|起诉|法院|告你们|报警|投诉到|打官司/;
const REPEAT =
  /又来|又坏|又出|又是|又过敏|又不|再次|第二次|第三次|多次|反复|好几次|不止一次|上次也|之前也|还是没|一直没/;
const NEGATIVE =
  /生气|火大|火挺大|发火|不满|投诉|闹|骂|差劲|太差|失望|退货|退款|要赔|赔偿|坏|过敏|烫|不行|太慢|没到|少了|不对|着急|催|烦|气死|难用/;
const POSITIVE = /表扬|夸|满意|好评|喜欢|好用|回购|推荐给|感谢|谢谢|点赞|效果不错|很好/;

// Tags a report reveals about the customer; they bias later recommendations.
const TAG_WORDS: [string, RegExp][] = [
  ['敏感肌', /敏感肌|敏感皮|皮肤敏感|过敏|发红|泛红|刺痛|红肿|起疹|发痒|瘙痒/],
  ['关注成分安全', /成分|酒精|香精|防腐剂|激素|孕|安全吗|过敏|刺激|有害|甲醛|荧光剂/],
  ['孕期', /怀孕|孕期|孕妇|备孕|哺乳/],
  ['婴幼儿', /宝宝|婴儿|孩子|儿童|小朋友/],
  ['价格敏感', /太贵|贵了|价格|便宜|降价|差价|优惠|打折|比价/],
];

/** The category of a report (the eight fixed ones). */
export function categorize(text: string): FeedbackCategory {
  for (const [cat, re] of CATEGORY_WORDS) if (re.test(text)) return cat;
  return '其他';
}

export function detectSentiment(text: string): Sentiment {
  const neg = (text.match(new RegExp(NEGATIVE, 'g')) ?? []).length;
  const pos = (text.match(new RegExp(POSITIVE, 'g')) ?? []).length;
  if (neg > pos) return 'negative';
  if (pos > neg) return 'positive';
  return 'neutral';
}

export const mentionsThreat = (text: string) => THREAT.test(text);
export const mentionsRepeat = (text: string) => REPEAT.test(text);

/** Customer tags derived from a report (敏感肌, 关注成分安全, 孕期, 婴幼儿, 价格敏感). */
export function deriveTags(text: string): string[] {
  return TAG_WORDS.filter(([, re]) => re.test(text)).map(([tag]) => tag);
}
