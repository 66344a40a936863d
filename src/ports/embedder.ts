/** Turns texts into dense vectors. Two adapters: a local hashing embedder and an OpenAI-compatible endpoint. */
export interface Embedder {
  /** Stable identifier of the model; an index built with another id is rebuilt. */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<number[][]>;
}
