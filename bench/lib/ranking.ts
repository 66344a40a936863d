/** Distinct ids in first-seen order (passages and sources repeat a document across sections). */
export function distinctIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)];
}

/** True when one of `relevant` is among the first `k` of the ranked ids. */
export function hitAt(
  ranked: readonly string[],
  relevant: ReadonlySet<string> | readonly string[],
  k: number,
): boolean {
  const rel = relevant instanceof Set ? relevant : new Set(relevant as readonly string[]);
  return ranked.slice(0, k).some((id) => rel.has(id));
}
