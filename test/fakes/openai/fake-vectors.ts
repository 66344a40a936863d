/**
 * Deterministic embedding the fake server returns: character unigrams and bigrams hashed
 * (FNV-1a) into `dims` buckets, L2-normalised. Texts that share characters get similar vectors.
 */
export function fakeVector(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  const chars = [...text];
  const grams = [...chars, ...chars.slice(1).map((c, i) => `${chars[i]}${c}`)];
  for (const g of grams) {
    let h = 0x811c9dc5;
    for (let i = 0; i < g.length; i++) {
      h ^= g.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    const bucket = h % dims;
    v[bucket] = (v[bucket] ?? 0) + ((h >>> 16) & 1 ? 1 : -1);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** Float32 little-endian bytes of a vector, base64: what `encoding_format: "base64"` returns. */
export function toBase64Float32(v: number[]): string {
  const buf = Buffer.alloc(v.length * 4);
  for (const [i, x] of v.entries()) buf.writeFloatLE(x, i * 4);
  return buf.toString('base64');
}
