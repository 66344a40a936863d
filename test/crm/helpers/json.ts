// biome-ignore lint/suspicious/noExplicitAny: test response bodies are checked by the assertions that read them.
export type Json = any;

/** A response body as loosely typed JSON, for assertions. */
export const json = async (res: Response): Promise<Json> => res.json();
