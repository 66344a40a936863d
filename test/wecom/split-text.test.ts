import { describe, expect, it } from 'vitest';
import { splitText, utf8Bytes } from '../../src/channels/split-text.js';

const LABEL = /^（(\d+)\/(\d+)）/u;

/** Removes the `（i/n）` labels and checks they count 1..n. */
function unlabel(parts: string[]): string[] {
  return parts.map((p, i) => {
    const m = LABEL.exec(p);
    expect(m, `part ${i + 1} has a label`).not.toBeNull();
    expect(Number(m![1])).toBe(i + 1);
    expect(Number(m![2])).toBe(parts.length);
    return p.slice(m![0].length);
  });
}

/** Non-whitespace characters, in order: splitting may only drop the whitespace at a cut. */
const ink = (s: string) => s.replace(/\s+/g, '');

describe('splitText', () => {
  it('returns text that fits unchanged and unlabelled', () => {
    expect(splitText('你好，世界', 2048)).toEqual(['你好，世界']);
    const exact = `${'字'.repeat(682)}ab`; // 2046 + 2 bytes
    expect(utf8Bytes(exact)).toBe(2048);
    expect(splitText(exact, 2048)).toEqual([exact]);
  });

  it('prefers paragraph boundaries', () => {
    const p1 = '第一段。'.repeat(10);
    const p2 = '第二段。'.repeat(10);
    const parts = splitText(`${p1}\n\n${p2}`, utf8Bytes(p1) + 20);
    expect(unlabel(parts)).toEqual([p1, p2]);
  });

  it('falls back to line boundaries inside a long paragraph', () => {
    const lines = Array.from({ length: 6 }, (_, i) => `${i + 1}. ${'要点内容'.repeat(8)}`);
    const parts = splitText(lines.join('\n'), 250);
    const bodies = unlabel(parts);
    for (const b of bodies) for (const l of b.split('\n')) expect(lines).toContain(l);
    expect(ink(bodies.join(''))).toBe(ink(lines.join('')));
  });

  it('falls back to sentence ends (。！？；) inside a long line, keeping the punctuation', () => {
    const sentences = [
      '这是第一句话，内容比较长一些。',
      '第二句话是个问题吗？',
      '第三句感叹！',
      '第四句；',
      '最后一句。',
    ];
    const line = sentences.join('').repeat(4);
    const parts = splitText(line, 100);
    const bodies = unlabel(parts);
    for (const b of bodies) {
      expect(utf8Bytes(b)).toBeLessThanOrEqual(100);
      expect(b).toMatch(/[。！？；]$/u);
    }
    expect(bodies.join('')).toBe(line);
  });

  it('cuts at characters only as a last resort, never inside a multi-byte character or emoji', () => {
    const text = '😀汉字'.repeat(300); // no boundaries at all; 4+3+3 bytes per unit
    const parts = splitText(text, 500);
    for (const p of parts) {
      expect(utf8Bytes(p)).toBeLessThanOrEqual(500);
      expect(p).not.toContain('\uFFFD');
      // A lone surrogate would mean an emoji was cut in half.
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(p)).toBe(false);
    }
    expect(unlabel(parts).join('')).toBe(text);
  });

  it('counts the label toward the byte limit, also when parts reach two digits', () => {
    const text = Array.from({ length: 200 }, (_, i) => `第${i}行：这是一行示例文本。`).join('\n');
    for (const max of [120, 300, 2048]) {
      const parts = splitText(text, max);
      for (const p of parts) expect(utf8Bytes(p)).toBeLessThanOrEqual(max);
      expect(ink(unlabel(parts).join(''))).toBe(ink(text));
    }
    expect(splitText(text, 120).length).toBeGreaterThanOrEqual(10);
  });

  it('packs greedily: no two adjacent parts would fit together', () => {
    const text = Array.from({ length: 40 }, (_, i) => `条目${i}。`).join('\n');
    const max = 120;
    const bodies = unlabel(splitText(text, max));
    const labelBytes = utf8Bytes('（99/99）');
    for (let i = 0; i + 1 < bodies.length; i++) {
      expect(utf8Bytes(`${bodies[i]}\n${bodies[i + 1]}`)).toBeGreaterThan(max - labelBytes);
    }
  });

  it('refuses a limit too small to hold a label and some text', () => {
    expect(() => splitText('一二三四五六七八九十', 12)).toThrow(RangeError);
  });
});
