import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHashingEmbedder } from '../../src/adapters/embedders/hashing-embedder.js';
import { contentWords, indexTerms } from '../../src/knowledge/analyzer.js';
import { type OpenedKnowledge, openKnowledgeBase } from '../../src/knowledge/open-knowledge-base.js';
import { DEMO_PACK, FIXTURE_PACK } from '../helpers/test-runtime.js';

describe('tokenizer', () => {
  it('segments with jieba, drops stopwords, and adds pinyin and bigram terms', () => {
    expect(contentWords('这款面霜的保质期是多久')).toEqual(expect.arrayContaining(['面霜', '保质期']));
    expect(contentWords('这款面霜的保质期是多久')).not.toContain('的');
    const terms = indexTerms('精华');
    expect(terms).toEqual(expect.arrayContaining(['w:精华', 'p:jinghua', 'b:精华']));
    // A homophone typo shares the pinyin term.
    expect(indexTerms('精化')).toContain('p:jinghua');
  });
});

describe('product linking and hybrid retrieval (demo pack)', () => {
  let ok: OpenedKnowledge;
  beforeAll(async () => {
    ok = await openKnowledgeBase({ packDir: DEMO_PACK, embedder: createHashingEmbedder() });
  });

  it('links names, aliases, SKU codes and homophone typos', () => {
    expect(ok.kb.linkProducts('紫管眼霜跟隔壁那款比咋样')[0]?.id).toBe('sk-purple-eye');
    expect(ok.kb.linkProducts('水杨酸精化能天天用吗')[0]?.id).toBe('sk-bha-serum');
    expect(ok.kb.linkProducts('胜肽紧至面霜多少钱')[0]?.id).toBe('sk-firm-cream');
    expect(ok.kb.linkProducts('YX-KT-3101 还有货吗')[0]?.id).toBe('kt-nonstick-pan');
    expect(ok.kb.linkProducts('3102那个锅')[0]?.id).toBe('kt-steel-pan');
    expect(ok.kb.linkProducts('今天天气不错')).toEqual([]);
  });

  it('finds the right documents, and a product boost ranks its own sheet first', async () => {
    const hits = await ok.kb.search('不粘锅 煎蛋测试', { k: 5 });
    expect(hits.slice(0, 3).map((h) => h.doc.id)).toContain('kt-nonstick-pan');
    const linked = ok.kb.linkProducts('不粘锅 煎蛋测试').map((l) => l.id);
    expect(linked[0]).toBe('kt-nonstick-pan');
    const own = await ok.kb.search('不粘锅 煎蛋测试', { k: 5, productIds: linked.slice(0, 1) });
    expect(own[0]?.doc.id).toMatch(/nonstick-pan/);
    const boosted = await ok.kb.search('续航多少天', { k: 5, productIds: ['dg-watch-pro2'] });
    expect(boosted[0]?.doc.id).toMatch(/watch-pro2/);
    const playbooks = await ok.kb.search('顾客说包装破了要退货', { k: 3, types: ['playbook'] });
    expect(playbooks[0]?.doc.id).toBe('pb-damaged-package');
    expect(playbooks.every((h) => h.doc.type === 'playbook')).toBe(true);
  });

  it('reports the Advertising-Law fixture in the pack', () => {
    const found = ok.compliance.filter((f) => f.docId === 'sk-bha-serum').map((f) => f.term);
    expect(found).toEqual(expect.arrayContaining(['根治']));
    expect(found.some((t) => t.includes('第一'))).toBe(true);
  });
});

describe('persistence and hot reload', () => {
  it('saves the index, loads it on the next start, and re-indexes one edited file', async () => {
    const pack = mkdtempSync(join(tmpdir(), 'pack-'));
    cpSync(FIXTURE_PACK, pack, { recursive: true });
    const indexDir = mkdtempSync(join(tmpdir(), 'idx-'));
    const first = await openKnowledgeBase({ packDir: pack, indexDir, embedder: createHashingEmbedder() });
    expect(first.loadedFromDisk).toBe(false);
    const second = await openKnowledgeBase({ packDir: pack, indexDir, embedder: createHashingEmbedder() });
    expect(second.loadedFromDisk).toBe(true);
    expect((await second.kb.search('小绿袋 粗脂肪有多少', { k: 1 }))[0]?.doc.id).toBe('pf-dog-kibble');

    const file = join(pack, 'products/pf-dog-kibble.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('小绿袋', '青鱼袋狗粮'));
    const started = performance.now();
    expect(await second.reloadFile('products/pf-dog-kibble.md')).toBe('updated');
    expect(performance.now() - started).toBeLessThan(500);
    expect(second.kb.linkProducts('青鱼袋狗粮')[0]?.id).toBe('pf-dog-kibble');
    expect(second.kb.linkProducts('小绿袋')).toEqual([]);

    writeFileSync(file, '---\nid: broken\n---\n');
    expect(await second.reloadFile('products/pf-dog-kibble.md')).toBe('invalid');
    expect(second.kb.get('pf-dog-kibble')).toBeDefined();

    rmSync(file);
    expect(await second.reloadFile('products/pf-dog-kibble.md')).toBe('removed');
    expect(second.kb.get('pf-dog-kibble')).toBeUndefined();
    expect((await second.kb.search('三文鱼低敏犬粮', { k: 5 })).some((h) => h.doc.id === 'pf-dog-kibble')).toBe(false);
  });

  it('watches the folder and picks up a new file while running', async () => {
    const pack = mkdtempSync(join(tmpdir(), 'pack-'));
    cpSync(FIXTURE_PACK, pack, { recursive: true });
    const opened = await openKnowledgeBase({ packDir: pack, embedder: createHashingEmbedder() });
    const changed = new Promise<string>((resolve) => {
      const stop = opened.watch((path, outcome) => {
        if (path.endsWith('new-kettle.md')) {
          stop();
          resolve(outcome);
        }
      });
    });
    writeFileSync(
      join(pack, 'products/new-kettle.md'),
      '---\nid: new-kettle\ntype: product\ntitle: 青屿电水壶\nname: 青屿恒温电水壶\naliases: [小白壶]\n---\n\n## 规格参数\n\n- 容量 1.5L\n',
    );
    expect(await changed).toBe('updated');
    expect(opened.kb.linkProducts('小白壶多大容量')[0]?.id).toBe('new-kettle');
  });
});
