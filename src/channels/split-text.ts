const encoder = new TextEncoder();

/** UTF-8 length of a string in bytes. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/** Sentence ends: a cut after one of these keeps whole sentences together. */
const SENTENCE_END = /(?<=[。！？；!?;])/u;

/** Boundaries tried in order: paragraph, line, sentence; characters come last. */
const LEVELS: { split: (t: string) => string[]; joiner: string }[] = [
  { split: (t) => t.split(/\n{2,}/), joiner: '\n\n' },
  { split: (t) => t.split('\n'), joiner: '\n' },
  { split: (t) => t.split(SENTENCE_END), joiner: '' },
];

function labelFor(i: number, n: number): string {
  return `（${i}/${n}）`;
}

/** Cuts at code points only, so a multi-byte character is never broken. */
function splitByChars(text: string, budget: number): string[] {
  const out: string[] = [];
  let cur = '';
  let curBytes = 0;
  for (const ch of text) {
    const b = utf8Bytes(ch);
    if (curBytes + b > budget && cur) {
      out.push(cur);
      cur = '';
      curBytes = 0;
    }
    cur += ch;
    curBytes += b;
  }
  if (cur) out.push(cur);
  return out;
}

/** Greedy packing of pieces at one boundary level; oversized pieces go one level finer. */
function pack(text: string, budget: number, level: number): string[] {
  if (utf8Bytes(text) <= budget) return [text];
  const lvl = LEVELS[level];
  if (!lvl) return splitByChars(text, budget);
  const pieces = lvl.split(text).filter((p) => p.trim() !== '');
  const out: string[] = [];
  let cur = '';
  for (const piece of pieces) {
    const joined = cur ? cur + lvl.joiner + piece : piece;
    if (utf8Bytes(joined) <= budget) {
      cur = joined;
      continue;
    }
    if (cur) out.push(cur);
    cur = '';
    if (utf8Bytes(piece) <= budget) {
      cur = piece;
    } else {
      const finer = pack(piece, budget, level + 1);
      // The last fragment may still take more pieces after it.
      cur = finer.pop() ?? '';
      out.push(...finer);
    }
  }
  if (cur) out.push(cur);
  return out.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Splits text into messages of at most `maxBytes` UTF-8 bytes, cutting at paragraph, then
 * line, then sentence (。！？；) and only then character boundaries — never inside a
 * multi-byte character. When more than one part results, each part starts with `（i/n）`,
 * and that label counts toward the limit. Text that fits is returned unchanged.
 */
export function splitText(text: string, maxBytes: number): string[] {
  if (utf8Bytes(text) <= maxBytes) return [text];
  // Reserve room for the widest label; widen when the part count gains a digit.
  for (let digits = 1; digits <= 6; digits++) {
    const widest = '9'.repeat(digits);
    const budget = maxBytes - utf8Bytes(labelFor(Number(widest), Number(widest)));
    if (budget < 4) throw new RangeError(`maxBytes ${maxBytes} is too small to split text into numbered parts`);
    const parts = pack(text, budget, 0);
    if (String(parts.length).length <= digits) {
      return parts.map((p, i) => labelFor(i + 1, parts.length) + p);
    }
  }
  throw new RangeError('text is too long to split into numbered parts');
}
