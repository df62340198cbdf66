import assert from 'node:assert/strict';
import { PROJECT_ID } from '../../helpers';
import { seedStock } from '../../checkout-fixtures';
import { publishPending } from '../../../../src/events/publisher';
import { notifyBackInStock } from '../../../../src/events/consumers/back-in-stock';
import { raiseStockAlerts } from '../../../../src/events/consumers/stock-alerts';
import { eventsWorld } from '../events-world';
import { PubSubEventPublisher } from '../../../../src/adapters/pubsub-publisher';

describe('events/consumers/back-in-stock (emulator)', function () {
  this.timeout(60_000);
  const w = eventsWorld();
  const { received, until, apply } = w;
  const db = w.db;
  let publisher: PubSubEventPublisher;
  before(() => void (publisher = w.publisher));

  it('notifies a subscriber once when the SKU comes back in stock; a redelivery changes nothing', async () => {
    await seedStock(db, { A: 0 });
    await db.doc('stockSubscriptions/alice_A').set({ uid: 'alice', sku: 'A', createdAt: new Date() });
    await db.doc('stockSubscriptions/bob_A').set({ uid: 'bob', sku: 'A', createdAt: new Date() });
    await apply('A', 'wh-01', 3, 2);
    await publishPending(db, publisher, PROJECT_ID);
    await until(3);
    const back = received.find((e) => e.type === 'inventory.back_in_stock')!;
    assert.deepEqual(await notifyBackInStock(db, back), { notified: 2, duplicate: false });
    assert.deepEqual(await notifyBackInStock(db, back), { notified: 0, duplicate: true });
    const notes = await db.collection('notifications').get();
    assert.deepEqual(notes.docs.map((d) => d.data().uid).sort(), ['alice', 'bob']);
    assert.equal((await db.collection('stockSubscriptions').count().get()).data().count, 0);
    // Out of stock and back again: nobody is subscribed any more, nobody is notified twice.
    await apply('A', 'wh-01', 0, 3);
    await apply('A', 'wh-01', 2, 4);
    await publishPending(db, publisher, PROJECT_ID);
    await until(7);
    for (const e of received.filter((x) => x.type === 'inventory.back_in_stock')) await notifyBackInStock(db, e);
    assert.equal((await db.collection('notifications').count().get()).data().count, 2);

    const low = received.find((e) => e.type === 'inventory.low_stock')!;
    assert.deepEqual(await raiseStockAlerts(db, low), { changed: true });
    assert.deepEqual(await raiseStockAlerts(db, low), { changed: false });
    assert.equal((await db.doc('alerts/low_stock-A').get()).data()!.status, 'open');
  });
});
