import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEMO_PACK, PROJECT_ROOT } from '../helpers/test-runtime.js';

const run = promisify(execFile);
const TSX = join(PROJECT_ROOT, 'node_modules/.bin/tsx');
const env = { ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-')), LOG_LEVEL: 'warn' };

function cli(args: string[], input?: string) {
  const p = run(TSX, ['src/entry/cli.ts', ...args], { cwd: PROJECT_ROOT, env, timeout: 60_000 });
  if (input !== undefined) {
    p.child.stdin?.end(input);
  }
  return p;
}

describe('CLI', () => {
  it('ask --json prints exactly one JSON object with the contract fields', async () => {
    const { stdout } = await cli(['ask', '--kb', DEMO_PACK, '--json', '星途Pro2能不能测血压']);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0] ?? '');
    expect(Object.keys(j).sort()).toEqual([
      'answer',
      'declined',
      'intent',
      'latency_ms',
      'mode',
      'products',
      'sources',
    ]);
    expect(j).toMatchObject({
      intent: 'product_question',
      products: ['dg-watch-pro2'],
      mode: 'structured',
      declined: false,
    });
    expect(j.sources[0]).toEqual({ id: 'dg-watch-pro2', type: 'product', section: '常见问题' });
    expect(j.answer).toMatch(/没有血压测量功能/);
  });

  it('--stdin answers one line per question, in order, statelessly', async () => {
    const questions = ['Pro2续航能撑几天', '它多少钱', '', '蓝桶洗衣液里的酶是哪产的'];
    const { stdout } = await cli(['ask', '--kb', DEMO_PACK, '--json', '--stdin'], `${questions.join('\n')}\n`);
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0].products).toEqual(['dg-watch-pro2']);
    // Stateless per line: 它 does not reach back to the previous line.
    expect(out[1].products).not.toEqual(['dg-watch-pro2']);
    expect(out[2]).toMatchObject({ error: 'empty_question' });
    // The pack does not say where the enzymes come from: declined, still tied to the product.
    expect(out[3]).toMatchObject({ declined: true, products: ['hc-lowtemp-detergent'] });
  });

  it('fails clearly for a pack folder that does not exist', async () => {
    await expect(cli(['ask', '--kb', '/no/such/pack', '--json', 'hi'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Knowledge pack folder not found: \/no\/such\/pack/),
      stdout: '',
    });
  });
});
