/**
 * The module `npm run build:worker` (wrangler's `[build]`) generates from the knowledge pack;
 * wrangler.toml and the workers test project alias this name to the generated file.
 */
declare module '@daogou/worker-pack' {
  import type { CompiledPack } from '../../knowledge/compiled-pack.js';
  /** The pack's documents and load report. */
  export const pack: CompiledPack;
  /** jieba-wasm's compiled WebAssembly module (bundled by wrangler as CompiledWasm). */
  export const jiebaWasm: WebAssembly.Module;
}
