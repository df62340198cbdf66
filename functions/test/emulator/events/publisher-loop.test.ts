import assert from 'node:assert/strict';
import { PROJECT_ID } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { runPublisherShift } from '../../../src/events/publisher-loop';
import { eventsWorld } from './events-world';
import { PubSubEventPublisher } from '../../../src/adapters/pubsub-publisher';
import { CountApplier } from '../../../src/stock/count-applier';

describe('events/publisher-loop (emulator)', function () {
  this.timeout(60_000);
  const w = eventsWorld();
  const { received, until, apply } = w;
  const db = w.db;
  let publisher: PubSubEventPublisher;
  before(() => void (publisher = w.publisher));

  it('publishes a commit within one interval while the publisher holds the lease, and a burst page after page at once', async () => {
    await seedStock(db, { W: 5 });
    const shift = runPublisherShift(db, publisher, PROJECT_ID, { owner: 'interval-test', holdMs: 60_000, lifeMs: 6_000, intervalMs: 250, leaseTtlMs: 3_000, publish: { limit: 50 } });
    await new Promise((r) => setTimeout(r, 1_000));
    const committed = Date.now();
    await apply('W', 'wh-01', 0, 2);
    await until(2, 4_000);
    const lag = Date.now() - committed;
    assert.deepEqual(received.map((e) => e.type).sort(), ['inventory.out_of_stock', 'inventory.synced']);
    assert.ok(lag < 1_000, `published ${lag} ms after the commit (interval 250 ms)`);
    // 300 entries at once: six full pages of 50, one after the other without waiting an interval.
    const skus = Array.from({ length: 300 }, (_, i) => `B-${i}`);
    await seedStock(db, Object.fromEntries(skus.map((s) => [s, 9])));
    const burst = Date.now();
    await new CountApplier(db, { defaultThreshold: 2 }).apply(new Map(skus.map((sku) => [sku, [{ sku, locationId: 'wh-01', onHand: 8, seq: 2, updatedAt: Date.now(), deleted: false }]])), 'wms');
    await until(302, 10_000);
    assert.equal(received.length, 302);
    assert.ok(Date.now() - burst < 4_000, `the burst took ${Date.now() - burst} ms`);
    const r = await shift;
    assert.equal(r.role, 'holder');
    assert.equal(r.published, 302);
    assert.equal((await db.collection('eventOutbox').count().get()).data().count, 0, 'the outbox is empty');
  });

  it('with wake, a commit rings the relay through its listener: published long before the next look, and the listener ends with the shift', async () => {
    await seedStock(db, { L: 10 });
    // One look every 20 s: only the listener can bring the commit out sooner.
    const shift = runPublisherShift(db, publisher, PROJECT_ID, { owner: 'wake-test', holdMs: 60_000, lifeMs: 5_000, intervalMs: 20_000, leaseTtlMs: 3_000, wake: true });
    await new Promise((r) => setTimeout(r, 1_500));
    const lags: number[] = [];
    for (const [i, onHand] of [9, 8, 7].entries()) {
      const committed = Date.now();
      await apply('L', 'wh-01', onHand, i + 2);
      await until(i + 1, 3_000);
      lags.push(Date.now() - committed);
    }
    assert.equal(received.length, 3);
    assert.ok(Math.max(...lags) < 1_000, `published ${lags.join(', ')} ms after each commit (a look every 20 s)`);
    const r = await shift;
    assert.equal(r.published, 3);
    // The shift is over: its listener is gone, so a commit now stays in the outbox.
    await apply('L', 'wh-01', 6, 5);
    await new Promise((res) => setTimeout(res, 1_000));
    assert.equal(received.length, 3);
    assert.equal((await db.collection('eventOutbox').count().get()).data().count, 1);
  });

  it('by default (no listener) the relay finds a commit at its next look', async () => {
    await seedStock(db, { P: 5 });
    const shift = runPublisherShift(db, publisher, PROJECT_ID, { owner: 'poll-test', holdMs: 60_000, lifeMs: 5_000, intervalMs: 3_000, leaseTtlMs: 3_000 });
    await new Promise((r) => setTimeout(r, 500));
    const committed = Date.now();
    await apply('P', 'wh-01', 4, 2);
    await until(1, 5_000);
    const lag = Date.now() - committed;
    assert.equal(received.length, 1);
    assert.ok(lag >= 1_500, `published ${lag} ms after the commit: the next look was ~2.5 s away`);
    await shift;
  });
});
