import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPack, PackError } from '../../src/knowledge/load-pack.js';
import { DEMO_PACK, FIXTURE_PACK } from '../helpers/test-runtime.js';

function pack(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pack-'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

const product = (id: string, extra = '') =>
  `---\nid: ${id}\ntype: product\ntitle: T ${id}\nname: 产品${id}\n${extra}---\n\n## 核心卖点\n\n- 卖点\n`;

describe('loadPack', () => {
  it('loads the fixture pack and the demo pack without issues', async () => {
    const fixture = await loadPack(FIXTURE_PACK);
    expect(fixture.docs).toHaveLength(10);
    expect(fixture.issues).toEqual([]);
    const demo = await loadPack(DEMO_PACK);
    expect(demo.issues.filter((i) => i.level === 'error')).toEqual([]);
    const count = (t: string) => demo.docs.filter((d) => d.type === t).length;
    expect(count('product')).toBeGreaterThanOrEqual(24);
    expect(count('competitor')).toBeGreaterThanOrEqual(8);
    expect(count('script')).toBeGreaterThanOrEqual(12);
    expect(count('playbook')).toBeGreaterThanOrEqual(10);
  });

  it('reports each bad file with its path and reason and still loads the rest', async () => {
    const dir = pack({
      'products/good.md': product('good'),
      'products/bad-yaml.md': '---\nid: [unclosed\ntype: product\n---\nbody',
      'products/no-name.md': '---\nid: no-name\ntype: product\ntitle: x\n---\nbody',
      'products/dup.md': product('good'),
      'products/bad-type.md': '---\nid: bad-type\ntype: recipe\ntitle: x\n---\n',
      'products/no-front.md': '# just markdown',
      'competitors/c.md':
        '---\nid: c\ntype: competitor\ntitle: c\nbrand: B\nproduct: P\nversus: [good, ghost]\n---\n## 对比要点\n- x',
      'products/bin.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]),
      'notes.txt': 'ignored',
      'README.md': '# readme without front matter',
    });
    const res = await loadPack(dir);
    expect(res.docs.map((d) => d.id).sort()).toEqual(['c', 'good']);
    const byPath = Object.fromEntries(res.issues.map((i) => [i.path, i.reason]));
    expect(byPath['products/bad-yaml.md']).toMatch(/YAML/);
    expect(byPath['products/no-name.md']).toMatch(/name/);
    // Files load in path order, so good.md is the second definition of "good".
    expect(byPath['products/good.md']).toMatch(/duplicate id "good" \(first defined in products\/dup.md\)/);
    expect(byPath['products/bad-type.md']).toMatch(/type/);
    expect(byPath['products/no-front.md']).toMatch(/front matter/);
    expect(byPath['products/bin.md']).toMatch(/binary/);
    expect(byPath['competitors/c.md']).toMatch(/ghost/);
    expect(byPath['notes.txt']).toMatch(/not a \.md/);
    expect(byPath['README.md']).toBeUndefined();
  });

  it('refuses a YAML alias bomb without exhausting memory', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      bomb.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const dir = pack({
      'products/bomb.md': `---\nid: bomb\ntype: product\ntitle: b\nname: n\n${bomb.join('\n')}\n---\n`,
      'products/ok.md': product('ok'),
    });
    const res = await loadPack(dir);
    expect(res.docs.map((d) => d.id)).toEqual(['ok']);
    expect(res.issues[0]?.path).toBe('products/bomb.md');
  });

  it('gives a clear error for a missing folder and a warning for an empty pack', async () => {
    await expect(loadPack('/nonexistent/pack')).rejects.toBeInstanceOf(PackError);
    await expect(loadPack('/nonexistent/pack')).rejects.toThrow(/not found: \/nonexistent\/pack/);
    const empty = await loadPack(pack({}));
    expect(empty.docs).toEqual([]);
    expect(empty.issues[0]?.reason).toMatch(/no usable documents/);
  });
});
