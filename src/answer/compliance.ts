/**
 * Advertising-Law (广告法) checks: absolute terms (Art. 9(3)) and medical claims for
 * non-medical products (Art. 17). Used when ingesting a pack (report) and on every outgoing
 * answer (soften or drop).
 */

export interface ComplianceFinding {
  term: string;
  kind: 'absolute' | 'medical';
  /** The line the term was found in. */
  line: string;
}

// Absolute terms, longest first so 最佳 wins over 最. A bare 最 is flagged only before an adjective-like char.
const ABSOLUTE: [RegExp, string][] = [
  [/全网最[低好佳]|全国最[低好佳]/g, '较'],
  [/国家级/g, ''],
  [/世界级|全球首[发个款]|全球领先/g, ''],
  [/独一无二/g, '有特色'],
  [/第一品牌|销量第一|排名第一|No\.\s?1\b|第一(?![次时步天周个件年月批位条层款种遍轮])/gi, '领先'],
  [/唯一/g, '少有的'],
  [/顶级|极品|至尊/g, '高品质'],
  [/最佳|最好|最优|最强|最低价?|最高级|最先进|最新科技|最[受热]欢迎|最安全|最有效/g, '较好'],
  [/100%|百分之百|百分百/g, '充分'],
  [/绝对|万能|永久|完美/g, ''],
  [/首选|首个|首款|首家/g, ''],
];

const MEDICAL: RegExp[] = [/根治|治愈|治疗|疗效|药用|消炎|杀菌消毒|抗炎|祛病|医治|药到病除|特效|无副作用/g];

/** Finds Advertising-Law problems in a text, one finding per term occurrence. */
export function lintText(text: string): ComplianceFinding[] {
  const findings: ComplianceFinding[] = [];
  for (const line of text.split(/\n/)) {
    for (const [re] of ABSOLUTE) {
      for (const m of line.matchAll(new RegExp(re.source, re.flags)))
        findings.push({ term: m[0], kind: 'absolute', line });
    }
    for (const re of MEDICAL) {
      for (const m of line.matchAll(new RegExp(re.source, re.flags)))
        findings.push({ term: m[0], kind: 'medical', line });
    }
  }
  return findings;
}

/**
 * Makes one line safe to send: a line with a medical claim is dropped (returns undefined);
 * absolute terms are replaced by modest wording. Any line still failing is dropped.
 */
export function softenLine(line: string): string | undefined {
  if (MEDICAL.some((re) => new RegExp(re.source).test(line))) return undefined;
  let out = line;
  for (const [re, repl] of ABSOLUTE) out = out.replace(new RegExp(re.source, re.flags), repl);
  out = out.replace(/\s{2,}/g, ' ').trim();
  return lintText(out).length === 0 && out.length > 0 ? out : undefined;
}

/** Softens every line of a multi-line text, dropping lines that cannot be made compliant. */
export function softenText(text: string): string {
  return text
    .split('\n')
    .map((l) => (l.trim() === '' ? l : softenLine(l)))
    .filter((l): l is string => l !== undefined)
    .join('\n');
}
