import { describe, expect, it } from 'vitest';
import { pickPlaybooks } from '../../src/answer/answer-question.js';
import type { LinkingKnowledgeBase } from '../../src/answer/resolve-entities.js';
import type { PlaybookDoc } from '../../src/ports/knowledge.js';

const playbook = (id: string, triggers: string[]): PlaybookDoc => ({
  id,
  type: 'playbook',
  title: id,
  tags: [],
  path: '',
  sections: [],
  triggers,
  severity: 'medium',
  slaHours: 24,
});

const kb = {
  all: () => [playbook('pb-part-broken', ['轮子掉了', '刹车失灵']), playbook('pb-rash', ['起疹子', '罐子瘪了'])],
} as unknown as LinkingKnowledgeBase;

describe('choosing the playbook by its triggers', () => {
  it('a trigger said in other words (后轮掉下来了 for 轮子掉了) still counts', () => {
    expect(pickPlaybooks(kb, '婴儿车后轮掉下来了 刚买三天', [])[0]?.id).toBe('pb-part-broken');
  });

  it('shared particles alone (子, 了) do not make a trigger', () => {
    expect(pickPlaybooks(kb, '盖子坏了', [])[0]).toBeUndefined();
  });
});
