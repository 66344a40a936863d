/**
 * Stands in for native addons and Node-only drivers (better-sqlite3, pg, hnswlib-node,
 * @node-rs/jieba, @napi-rs/pinyin, wechaty) in the Worker bundle, where they cannot load or
 * are not used; wrangler.toml aliases them here. The Worker entry installs the WebAssembly and pure-JS adapters instead,
 * so reaching any of these is a wiring bug, and says so.
 */
function unavailable(): never {
  throw new Error(
    'A Node-only native module was reached on Cloudflare Workers; the Worker entry must install its Workers adapter (see src/entry/worker.ts)',
  );
}

class Unavailable {
  constructor() {
    unavailable();
  }
  static withDict(): never {
    return unavailable();
  }
  static Pool = Unavailable;
  /** pg's type-parser registry, configured when create-db.ts loads. */
  static types = { setTypeParser() {} };
}

export const Jieba = Unavailable;
export const HierarchicalNSW = Unavailable;
export const WechatyBuilder = Unavailable;
export const dict = new Uint8Array(0);
export const pinyin = unavailable;
export const types = {};
export default Unavailable;
