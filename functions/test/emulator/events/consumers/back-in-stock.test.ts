import assert from 'node:assert/strict';
import { PROJECT_ID } from '../../helpers';
import { seedStock } from '../../checkout-fixtures';
import { publishPending } from '../../../../src/events/publisher';
import { notifyBackInStock } from '../../../../src/events/consumers/back-in-stock';
import { raiseStockAlerts } from '../../../../src/events/consumers/stock-alerts';
import { eventsWorld } from '../events-world';
import { PubSubEventPublisher } from '../../../../src/adapters/pubsub-publisher';
import { changeUnitStates } from '../../../../src/ops/unit-states';

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

  it('incoming units with a date for a sold-out SKU: subscribers are told when it is expected back, once per date, and still told when it arrives', async () => {
    await seedStock(db, { B: 0 });
    await db.doc('stockSubscriptions/carol_B').set({ uid: 'carol', sku: 'B', createdAt: new Date() });
    const from = received.length;
    await changeUnitStates(db, 'B', 'olga', { locationId: 'wh-01', incoming: 6, incomingAt: '2026-12-20T09:00:00Z', reasonCode: 'purchase_order' }, 2);
    await publishPending(db, publisher, PROJECT_ID);
    await until(from + 1);
    const dated = received.slice(from).find((e) => e.data.backOn)!;
    assert.equal(dated.data.backOn, '2026-12-20T09:00:00.000Z');
    assert.deepEqual(await notifyBackInStock(db, dated), { notified: 1, duplicate: false });
    assert.deepEqual(await notifyBackInStock(db, dated), { notified: 0, duplicate: true }, 'a redelivery tells nobody twice');
    const note = (await db.doc('notifications/backon_B_2026-12-20_carol').get()).data()!;
    assert.deepEqual([note.kind, note.backOn], ['back_on', '2026-12-20T09:00:00.000Z']);
    assert.ok((await db.doc('stockSubscriptions/carol_B').get()).exists, 'the subscription stays for the arrival');
    // The same date again (another field changes) says nothing new; a moved date is told.
    const mid = received.length;
    await changeUnitStates(db, 'B', 'olga', { locationId: 'wh-01', incoming: 8, reasonCode: 'purchase_order' }, 2);
    await changeUnitStates(db, 'B', 'olga', { locationId: 'wh-01', incomingAt: '2026-12-22T09:00:00Z', reasonCode: 'purchase_order' }, 2);
    await publishPending(db, publisher, PROJECT_ID);
    await until(mid + 2);
    const later = received.slice(mid).filter((e) => e.subject === 'B');
    assert.deepEqual(later.map((e) => e.data.backOn ?? null), [null, '2026-12-22T09:00:00.000Z']);
    for (const e of later) await notifyBackInStock(db, e);
    assert.ok((await db.doc('notifications/backon_B_2026-12-22_carol').get()).exists);
    // The units arrive: the usual back-in-stock notification, and the subscription ends.
    const arrive = received.length;
    await apply('B', 'wh-01', 8, 2);
    await publishPending(db, publisher, PROJECT_ID);
    await until(arrive + 2);
    for (const e of received.slice(arrive)) await notifyBackInStock(db, e);
    const kinds = (await db.collection('notifications').where('uid', '==', 'carol').get()).docs.map((d) => d.data().kind ?? 'back_in_stock').sort();
    assert.deepEqual(kinds, ['back_in_stock', 'back_on', 'back_on']);
    assert.equal((await db.doc('stockSubscriptions/carol_B').get()).exists, false);
  });
});
