/** The event triggers as deployed: the publisher's outbox to the topic, and the one subscriber that runs every consumer. */
import assert from 'node:assert/strict';
import { PubSub } from '@google-cloud/pubsub';
import { adminDb, clearFirestore, PROJECT_ID, waitFor } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { CountApplier } from '../../../src/stock/count-applier';
import { PubSubEventPublisher, EVENTS_TOPIC } from '../../../src/adapters/pubsub-publisher';
import { publishPending } from '../../../src/events/publisher';
import { BusLedger, busFigures } from '../../../src/adapters/bus-ledger';

describe('triggers/events (Functions emulator)', function () {
  this.timeout(60_000);
  const db = adminDb();
  beforeEach(clearFirestore);

  it('onInventoryEvent: an out-of-stock event on the topic opens the alert, and back in stock resolves it', async () => {
    await seedStock(db, { OOS: 3 });
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    const count = (onHand: number, seq: number) => applier.apply(new Map([['OOS', [{ sku: 'OOS', locationId: 'wh-01', onHand, seq, updatedAt: Date.now(), deleted: false }]]]), 'wms');
    const publisher = new PubSubEventPublisher(new PubSub({ projectId: PROJECT_ID }), EVENTS_TOPIC, 'page', new BusLedger(db));
    await count(0, 2);
    await publishPending(db, publisher, PROJECT_ID);
    const open = await waitFor(async () => (await db.doc('alerts/out_of_stock-OOS').get()).data(), 45_000, 200);
    assert.equal(open.status, 'open');
    await count(5, 3);
    await publishPending(db, publisher, PROJECT_ID);
    await waitFor(async () => (await db.doc('alerts/out_of_stock-OOS').get()).data()?.status === 'resolved', 45_000, 200);
    // The deployed subscriber counts what it handled in the bus ledger: nothing is left behind.
    const bus = await waitFor(async () => {
      const f = (await busFigures(db)).find((x) => x.subscription === 'onInventoryEvent')!;
      return f.published >= 2 && f.acked >= f.published && f.backlog === 0 && f;
    }, 20_000, 200);
    assert.equal(bus.oldestUnackedAgeSeconds, 0);
  });
});
