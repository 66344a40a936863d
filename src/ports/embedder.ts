/** Turns texts into dense vectors. Two adapters: a local hashing embedder and an OpenAI-compatible endpoint. */
export interface Embedder {
  /** Stable identifier of the model; an index built with another id is rebuilt. */
  readonly id: string;
  readonly dimensions: number;
  /**
   * True for a trained semantic model. A lexical embedder (the local hashing one) repeats what
   * BM25 already sees, so the hybrid index gives its vectors only a tie-breaking weight.
   */
  readonly semantic: boolean;
  embed(texts: string[]): Promise<number[][]>;
}
