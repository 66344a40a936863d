/** A retrieval system under test: ranked document ids for a query. */
export interface RankedRetriever {
  name: string;
  /** Wall time to build the index from parsed documents, in ms. */
  buildMs: number;
  search(query: string, k: number): Promise<string[]>;
}
