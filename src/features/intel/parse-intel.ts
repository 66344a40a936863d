import type { Services } from '../../core/services.js';
import { chinaDayEnd, DAY } from '../feedback/china-time.js';
import { parseUntil } from './parse-until.js';

/** Intel without an end date is used for this long. */
export const DEFAULT_INTEL_DAYS = 14;

export const INTEL_PREFIX = /^\s*竞品(?:情报)?\s*[：:]\s*/;

export interface ParsedIntel {
  text: string;
  brand?: string;
  product?: string;
  price?: number;
  promotion?: string;
  location?: string;
  productIds: string[];
  expiresAt: number;
  /** False when no end date was named and the default applies. */
  explicitEnd: boolean;
}

const PROMOTION =
  /买[一二两三四五\d]+送[一二两三四五\d]+|满\d+减\d+|第[二2]件(?:半价|\d折|[一二三四五六七八九]折)|\d+(?:\.\d+)?折|[一二三四五六七八九]折|打[^，,。\s]{1,3}折|直降\d+元?|立减\d+元?|特价|秒杀|清仓|半价|赠送?[^，,。；\s]{1,8}|送[^，,。；\s]{1,8}/;
const PRICE = /[¥￥]\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:元|块)/;
const LOCATION =
  /(?:隔壁|对面|斜对面|楼上|楼下|旁边|附近)[^，,。；;\s]{0,10}?(?:店|商场|超市|专柜|门店|广场|百货)|[^，,。；;\s\d]{2,10}?(?:店|商场|超市|专柜|百货)(?=[^铺员长]|$)/;

/** The product nouns of the pack (tags, categories) longest first, with the products they name. */
function productVocabulary(services: Services): [string, string[]][] {
  const vocab = new Map<string, Set<string>>();
  for (const p of services.knowledge.products()) {
    for (const w of [...p.tags, ...(p.category ? [p.category] : [])]) {
      if (w.length < 2 || w.length > 8) continue;
      if (!vocab.has(w)) vocab.set(w, new Set());
      vocab.get(w)?.add(p.id);
    }
  }
  return [...vocab.entries()]
    .map(([w, ids]): [string, string[]] => [w, [...ids]])
    .sort((a, b) => b[0].length - a[0].length);
}

/** Reads brand, product, price/promotion, where and until when from a `竞品：…` report. */
export function parseIntel(services: Services, raw: string, now: number): ParsedIntel {
  const text = raw.replace(INTEL_PREFIX, '').trim();
  const brands = [...new Set(services.knowledge.all().flatMap((d) => (d.type === 'competitor' ? [d.brand] : [])))].sort(
    (a, b) => b.length - a.length,
  );
  const brand = brands.find((b) => b && text.includes(b));
  const location = LOCATION.exec(text)?.[0];
  const noun = productVocabulary(services).find(([w]) => text.includes(w));
  const linked = services.knowledge
    .linkProducts(text)
    .filter((l) => l.score >= 0.5)
    .map((l) => l.id);
  const productIds = [...new Set([...linked, ...(noun?.[1] ?? [])])].slice(0, 5);
  const priceMatch = PRICE.exec(text);
  const promotion = PROMOTION.exec(text)?.[0];
  const until = parseUntil(text, now);
  const storeName = location
    ?.replace(/^(隔壁|对面|斜对面|楼上|楼下|旁边|附近)/, '')
    .replace(/(店|商场|超市|专柜|门店|广场|百货)$/, '');
  return {
    text,
    ...(brand ? { brand } : storeName && storeName.length >= 2 ? { brand: storeName } : {}),
    ...(noun ? { product: noun[0] } : {}),
    ...(priceMatch ? { price: Number(priceMatch[1] ?? priceMatch[2]) } : {}),
    ...(promotion ? { promotion } : {}),
    ...(location ? { location } : {}),
    productIds,
    expiresAt: until ?? chinaDayEnd(now + (DEFAULT_INTEL_DAYS - 1) * DAY),
    explicitEnd: until !== undefined,
  };
}
