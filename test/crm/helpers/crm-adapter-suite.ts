import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/adapters/db/create-db.js';
import { createSqlOutbox } from '../../../src/adapters/db/crm/sql-outbox.js';
import { createSqlCrm, type OutboxRoute } from '../../../src/adapters/db/sql-crm.js';
import type { Crm } from '../../../src/ports/crm.js';
import { createCounterIds } from '../../../src/ports/ids.js';
import type { OutboxStore } from '../../../src/ports/outbox.js';
import { interaction, newTicket, T0 } from './records.js';

export { interaction, newTicket } from './records.js';

const ROUTES: OutboxRoute[] = [
  { name: 'webhook', accepts: () => true },
  { name: 'bitable', accepts: (k) => k === 'interactions' || k === 'tickets' },
];

/** The same behaviour suite for every SQL dialect (SQLite, PostgreSQL). */
export function defineCrmAdapterSuite(
  name: string,
  open: () => Promise<Db | { skip: string }>,
  close: () => Promise<void>,
) {
  describe(`CRM adapter on ${name}`, () => {
    let db: Db;
    let crm: Crm;
    let outbox: OutboxStore;
    let skip = '';

    beforeAll(async () => {
      const opened = await open();
      if ('skip' in opened) {
        skip = opened.skip;
        console.warn(skip);
        return;
      }
      db = opened;
      crm = createSqlCrm(db.db, { piiSalt: 'test-salt', outbox: ROUTES, ids: createCounterIds() });
      let n = 0;
      outbox = createSqlOutbox(db.db, () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`);
    });
    afterAll(async () => {
      if (db) await db.close();
      await close();
    });

    it('logs interactions with an outbox row per accepting sink, masked, filterable by store and time', async (t) => {
      if (skip) return t.skip();
      await crm.logInteraction(interaction('r1', { text: '顾客电话 13800138000 问面霜' }));
      await crm.logInteraction(interaction('r1'));
      await crm.logInteraction(interaction('r2', { storeId: 's2', at: T0 + 1000 }));
      const s1 = await crm.listInteractions({ storeId: 's1' });
      expect(s1.map((r) => r.id)).toEqual(['r1']);
      expect(s1[0]?.text).toBe('顾客电话 *******8000 问面霜');
      expect((await crm.listInteractions({ from: T0 + 1 })).map((r) => r.id)).toEqual(['r2']);
      const rows = await db.db
        .selectFrom('outbox')
        .selectAll()
        .where('kind', '=', 'interactions')
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.id)).toEqual([
        'bitable:interaction.logged:r1',
        'bitable:interaction.logged:r2',
        'webhook:interaction.logged:r1',
        'webhook:interaction.logged:r2',
      ]);
      expect(rows[0]?.payload).not.toContain('13800138000');
    });

    it('logs concurrent interactions by group commit; a bad record fails alone', async (t) => {
      if (skip) return t.skip();
      const many = Array.from({ length: 60 }, (_, i) => interaction(`gc${i}`, { storeId: 'gc', at: T0 + 5000 + i }));
      const bad = interaction('gc-bad', { storeId: 'gc', text: null as unknown as string });
      const results = await Promise.allSettled([...many, bad, ...many.slice(0, 5)].map((r) => crm.logInteraction(r)));
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
      expect(results[60]?.status).toBe('rejected');
      expect(await crm.listInteractions({ storeId: 'gc' })).toHaveLength(60);
      const out = await db.db.selectFrom('outbox').select('id').where('ref', 'like', 'gc%').execute();
      expect(out).toHaveLength(120);
    });

    it('records knowledge gaps by store', async (t) => {
      if (skip) return t.skip();
      const gap = {
        at: T0,
        channel: 'lark' as const,
        userId: 'u1',
        intent: 'product_question' as const,
        products: [],
        reason: 'x',
      };
      await crm.recordGap({ ...gap, id: 'g1', storeId: 's1', question: '有没有6人帐篷' });
      await crm.recordGap({ ...gap, id: 'g2', storeId: 's2', question: '保修几年' });
      expect((await crm.listGaps({ storeId: 's2' })).map((g) => g.question)).toEqual(['保修几年']);
      const gapRows = await db.db.selectFrom('outbox').select('sink').where('kind', '=', 'gaps').execute();
      expect(gapRows.map((r) => r.sink)).toEqual(['webhook', 'webhook']);
    });

    it('numbers tickets uniquely under concurrency and is idempotent per source event', async (t) => {
      if (skip) return t.skip();
      const made = await Promise.all(
        Array.from({ length: 12 }, (_, i) => crm.tickets.create(newTicket(`lark:evt${i}`, { customer: undefined }))),
      );
      const nos = made.map((m) => m.ticket.no).sort((a, b) => a - b);
      expect(new Set(nos).size).toBe(12);
      const again = await crm.tickets.create(newTicket('lark:evt3'));
      expect(again.created).toBe(false);
      expect(again.ticket.no).toBe(made[3]?.ticket.no);
      expect(made[0]?.ticket.text).toBe('反馈：王女士 *******8000 面霜用了三天脸发红');
    });

    it('links a repeat customer by salted hash, merges tags and never stores the raw contact', async (t) => {
      if (skip) return t.skip();
      const customer = {
        contact: '13900001111',
        maskedContact: '*******1111',
        displayName: '李女士',
        tags: ['敏感肌'],
      };
      const a = await crm.tickets.create(newTicket('lark:c1', { customer, text: '李女士 139 0000 1111 过敏' }));
      const b = await crm.tickets.create(
        newTicket('lark:c2', { customer: { ...customer, tags: ['关注成分安全'] }, at: T0 + 60_000 }),
      );
      expect(a.customer?.id).toBeDefined();
      expect(b.customer?.id).toBe(a.customer?.id);
      expect(b.customer).toMatchObject({ reportCount: 2, tags: ['敏感肌', '关注成分安全'], safetyFirst: true });
      const found = await crm.customers.find({ text: '李女士电话139-0000-1111 想买面霜' });
      expect(found?.id).toBe(a.customer?.id);
      expect((await crm.customers.find({ text: '李女士想买面霜', storeId: 's1' }))?.id).toBe(a.customer?.id);
      expect(await crm.customers.find({ text: '李女士想买面霜', storeId: 's2' })).toBeUndefined();
      const dump =
        JSON.stringify(await sql`select * from customers`.execute(db.db)) +
        JSON.stringify(await sql`select * from tickets`.execute(db.db)) +
        JSON.stringify(await sql`select payload from outbox`.execute(db.db));
      expect(dump).not.toMatch(/13900001111|139 0000 1111/);
    });

    it('tracks first response, plan and close on a ticket and lists by reporter and status', async (t) => {
      if (skip) return t.skip();
      const { ticket } = await crm.tickets.create(newTicket('lark:n1', { reporterId: 'u9', customer: undefined }));
      const noted = await crm.tickets.addNote(ticket.no, {
        at: T0 + 1000,
        byId: 'u9',
        kind: 'note',
        text: '已电话 13800138000 安抚',
      });
      expect(noted?.firstResponseAt).toBe(T0 + 1000);
      expect(noted?.planAt).toBeUndefined();
      const planned = await crm.tickets.addNote(ticket.no, {
        at: T0 + 2000,
        byId: 'm1',
        kind: 'plan',
        text: '退款并赠小样',
      });
      expect(planned).toMatchObject({ firstResponseAt: T0 + 1000, planAt: T0 + 2000 });
      expect((await crm.tickets.list({ reporterId: 'u9', status: 'open' })).map((x) => x.no)).toEqual([ticket.no]);
      const closed = await crm.tickets.close(ticket.no, { at: T0 + 3000, byId: 'm1', resolution: '已退款' });
      expect(closed).toMatchObject({ status: 'closed', resolution: '已退款', closedBy: 'm1' });
      expect(await crm.tickets.list({ reporterId: 'u9', status: 'open' })).toEqual([]);
      const notes = await crm.tickets.notes(ticket.no);
      expect(notes.map((n) => n.kind)).toEqual(['note', 'plan', 'close']);
      expect(notes[0]?.text).toBe('已电话 *******8000 安抚');
      await crm.tickets.markEscalated(ticket.no, T0 + 4000, '超时');
      expect((await crm.tickets.get(ticket.no))?.escalatedAt).toBe(T0 + 4000);
      expect(await crm.tickets.addNote(99999, { at: T0, byId: 'x', kind: 'note', text: 'x' })).toBeUndefined();
    });

    it('approves intel once, awarding points in the same transaction; leaderboard by store', async (t) => {
      if (skip) return t.skip();
      const base = {
        storeId: 's1',
        channel: 'lark' as const,
        chatId: 'c1',
        text: '隔壁XX店面霜买一送一，到周日',
        productIds: ['sk-calm-cream'],
        expiresAt: T0 + 5 * 86400_000,
        createdAt: T0,
      };
      const a = await crm.intel.create({
        ...base,
        sourceKey: 'lark:i1',
        reporterId: 'u1',
        reporterName: '小王',
        promotion: '买一送一',
      });
      const b = await crm.intel.create({ ...base, sourceKey: 'lark:i2', reporterId: 'u2', reporterName: '小李' });
      const c = await crm.intel.create({ ...base, sourceKey: 'lark:i3', reporterId: 'u2', reporterName: '小李' });
      expect((await crm.intel.create({ ...base, sourceKey: 'lark:i1', reporterId: 'u1' })).created).toBe(false);
      expect(b.intel.no).toBe(a.intel.no + 1);
      const ok = await crm.intel.decide(a.intel.no, { status: 'approved', at: T0 + 1, byId: 'm1', points: 10 });
      expect(ok).toMatchObject({ changed: true, intel: { status: 'approved', points: 10, decidedBy: 'm1' } });
      const twice = await crm.intel.decide(a.intel.no, { status: 'approved', at: T0 + 2, byId: 'm1', points: 10 });
      expect(twice?.changed).toBe(false);
      await crm.intel.decide(b.intel.no, { status: 'approved', at: T0 + 3, byId: 'm1', points: 5 });
      await crm.intel.decide(c.intel.no, { status: 'rejected', at: T0 + 3, byId: 'm1', points: 5, reason: '重复' });
      expect(await crm.points.leaderboard('s1')).toEqual([
        { userId: 'u1', userName: '小王', points: 10 },
        { userId: 'u2', userName: '小李', points: 5 },
      ]);
      expect(await crm.points.total('s1', 'u2')).toBe(5);
      expect((await crm.intel.list({ status: 'approved', activeAt: T0 })).map((i) => i.no).sort()).toEqual(
        [a.intel.no, b.intel.no].sort(),
      );
      expect(await crm.intel.list({ status: 'approved', activeAt: T0 + 6 * 86400_000 })).toEqual([]);
    });

    it('exports and erases one customer (PIPL), redacting their tickets and feedback log', async (t) => {
      if (skip) return t.skip();
      const customer = { contact: '13712345678', maskedContact: '*******5678', displayName: '赵先生', tags: [] };
      const text = '反馈：赵先生 *******5678 锅涂层掉了';
      const { ticket, customer: c } = await crm.tickets.create(newTicket('lark:e1', { customer, text }));
      await crm.logInteraction(interaction('r-e1', { kind: 'feedback', intent: 'feedback_report', text }));
      await crm.tickets.addNote(ticket.no, { at: T0 + 1, byId: 'u1', kind: 'note', text: '赵先生同意换货' });
      const exported = await crm.customers.export(c!.id);
      expect(exported?.tickets.map((x) => x.no)).toEqual([ticket.no]);
      expect(exported?.notes).toHaveLength(1);
      expect(await crm.customers.erase(c!.id, T0 + 2)).toBe(true);
      expect(await crm.customers.get(c!.id)).toBeUndefined();
      expect(await crm.customers.erase(c!.id, T0 + 3)).toBe(false);
      const after = await crm.tickets.get(ticket.no);
      expect(after?.text).not.toContain('赵先生');
      expect(after?.customerId).toBeUndefined();
      expect((await crm.tickets.notes(ticket.no))[0]?.text).not.toContain('赵先生');
      const log = await crm.listInteractions({});
      expect(log.find((r) => r.id === 'r-e1')?.text).not.toContain('赵先生');
      expect(await crm.customers.find({ contact: '13712345678' })).toBeUndefined();
    });

    it('claims outbox batches by sink and kind, leases them, retries with the same batch id', async (t) => {
      if (skip) return t.skip();
      await db.db.updateTable('outbox').set({ status: 'delivered' }).execute();
      for (let i = 0; i < 5; i++) await crm.logInteraction(interaction(`ob${i}`, { at: T0 + 10_000 + i }));
      const now = T0 + 20_000;
      const first = await outbox.claim('bitable', 3, now, 60_000);
      expect(first?.items.map((i) => i.ref)).toEqual(['ob0', 'ob1', 'ob2']);
      expect(first?.kind).toBe('interactions');
      // Leased rows are not handed out again; the next claim forms a new batch from the rest.
      const second = await outbox.claim('bitable', 3, now, 60_000);
      expect(second?.items.map((i) => i.ref)).toEqual(['ob3', 'ob4']);
      expect(await outbox.claim('bitable', 3, now, 60_000)).toBeUndefined();
      await outbox.markDelivered(
        second!.items.map((i) => i.id),
        now,
      );
      await outbox.retry(
        first!.items.map((i) => i.id),
        now + 5000,
        'sink down',
      );
      expect(await outbox.claim('bitable', 3, now + 1000, 60_000)).toBeUndefined();
      const again = await outbox.claim('bitable', 3, now + 5000, 60_000);
      expect(again?.id).toBe(first?.id);
      expect(again?.items.map((i) => i.ref)).toEqual(['ob0', 'ob1', 'ob2']);
      expect(again?.attempts).toBe(2);
      // A crashed holder: after the lease runs out the same batch is claimable again.
      const stolen = await outbox.claim('bitable', 3, now + 5000 + 60_001, 60_000);
      expect(stolen?.id).toBe(first?.id);
      await outbox.markDead([stolen!.items[0]!.id], now, 'bad record');
      await outbox.markDelivered(
        stolen!.items.slice(1).map((i) => i.id),
        now,
      );
      const counts = await outbox.counts();
      expect(counts.find((c) => c.sink === 'bitable' && c.status === 'dead')?.count).toBe(1);
      expect(counts.find((c) => c.sink === 'bitable' && c.status === 'pending')).toBeUndefined();
    });
  });
}
