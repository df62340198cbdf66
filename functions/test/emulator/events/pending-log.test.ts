import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { PROJECT_ID } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { PendingLog, pickPage } from '../../../src/events/pending-log';
import { publishDocs } from '../../../src/events/publisher';
import { runPublisherShift } from '../../../src/events/publisher-loop';
import { CountApplier } from '../../../src/stock/count-applier';
import { eventsWorld } from './events-world';

const entry = (id: string, sku: string, version: number, at: number) => ({ id, sku, version, ordinal: 0, createdAt: Timestamp.fromMillis(at) });

describe('events/pending-log', () => {
  it('pages whole SKUs, oldest first, until the page is full: a page never splits a SKU, whatever the clocks', () => {
    // B's first entry is the oldest (a writer's clock behind), then A's, then C's.
    const entries = [entry('a1', 'A', 1, 200), entry('a2', 'A', 2, 210), entry('b1', 'B', 1, 100), entry('b2', 'B', 2, 400), entry('c1', 'C', 1, 300)];
    assert.deepEqual(pickPage(entries, 1).map((d) => d.id), ['b1', 'b2'], 'a SKU alone may exceed the page');
    assert.deepEqual(pickPage(entries, 3).map((d) => d.id), ['b1', 'b2', 'a1', 'a2']);
    assert.deepEqual(pickPage(entries, 100).map((d) => d.id).sort(), ['a1', 'a2', 'b1', 'b2', 'c1']);
    assert.deepEqual(pickPage([], 10), []);
  });
});

describe('events/pending-log (emulator)', function () {
  this.timeout(60_000);
  const w = eventsWorld();
  const db = w.db;

  it('holds exactly the unpublished entries: committed ones arrive, published ones leave, sent ones are not paged again', async () => {
    await seedStock(db, { P: 5, Q: 5 });
    const log = new PendingLog();
    let rung = 0;
    const stop = log.listen(db, () => rung++, (err) => assert.fail(err));
    try {
      assert.equal(await log.live(5_000), true);
      assert.equal(log.unsent, 0);
      await w.apply('P', 'wh-01', 7, 2);
      await w.apply('Q', 'wh-01', 8, 2);
      for (let i = 0; i < 100 && log.unsent < 2; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(log.unsent, 2);
      assert.ok(rung >= 1, 'new entries ring');
      const page = log.page(10);
      const out = await publishDocs(db, w.publisher, PROJECT_ID, page);
      log.markSent(out.publishedIds);
      assert.equal(log.unsent, 0, 'sent: not paged again while its mark travels');
      assert.deepEqual(log.page(10), []);
      await w.until(2);
      assert.equal((await db.collection('inventoryEvents').where('published', '==', false).get()).size, 0);
    } finally {
      stop();
    }
  });

  it('the relay fed by it carries a burst in order per SKU, each entry once', async () => {
    const skus = Array.from({ length: 300 }, (_, i) => `R-${i}`);
    await seedStock(db, Object.fromEntries(skus.map((s) => [s, 50])));
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    // A backlog before the relay starts, then more while it runs.
    for (let round = 1; round <= 4; round++) await applier.apply(new Map(skus.map((sku) => [sku, [{ sku, locationId: 'wh-01', onHand: 50 + round, seq: 10 + round, updatedAt: Date.now(), deleted: false }]])), 'wms');
    const shift = runPublisherShift(db, w.publisher, PROJECT_ID, { owner: 'pending-log-test', holdMs: 60_000, lifeMs: 8_000, intervalMs: 1_000, leaseTtlMs: 3_000, publish: { limit: 500 } });
    for (let round = 5; round <= 6; round++) await applier.apply(new Map(skus.map((sku) => [sku, [{ sku, locationId: 'wh-01', onHand: 50 + round, seq: 10 + round, updatedAt: Date.now(), deleted: false }]])), 'wms');
    await w.until(skus.length * 6, 30_000);
    await shift;
    assert.equal(new Set(w.received.map((e) => e.id)).size, skus.length * 6, 'every entry');
    assert.equal(w.received.length, skus.length * 6, 'each once');
    for (const sku of skus) {
      const seqs = w.received.filter((e) => e.subject === sku).map((e) => e.sequence);
      assert.deepEqual(seqs, [...seqs].sort(), `${sku} in order`);
    }
  });
});
