import assert from 'node:assert/strict';
import { PROJECT_ID } from '../../helpers';
import { makeService, seedStock } from '../../checkout-fixtures';
import { publishPending } from '../../../../src/events/publisher';
import { parseEvent } from '../../../../src/events/dispatcher';
import { forwardSale } from '../../../../src/events/consumers/sales';
import { forwardHold } from '../../../../src/events/consumers/holds';
import { WmsSimulator } from '../../../../tools/wms-simulator';
import { WmsHttpConnector } from '../../../../src/adapters/wms-http';
import { eventsWorld } from '../events-world';
import { PubSubEventPublisher } from '../../../../src/adapters/pubsub-publisher';

describe('events/consumers/sales (emulator)', function () {
  this.timeout(60_000);
  const w = eventsWorld();
  const { received, until, apply } = w;
  const db = w.db;
  let publisher: PubSubEventPublisher;
  before(() => void (publisher = w.publisher));

  it('forwards a sale to the WMS once and stops deducting it when the WMS reflects it', async () => {
    const sim = new WmsSimulator({ skus: 3, locations: 1 });
    await sim.start();
    try {
      const sku = 'SKU-00001';
      const wmsCount = sim.positions.get(`${sku}|wh-01`)!.onHand;
      await seedStock(db, { [sku]: wmsCount });
      const { service } = makeService(db, 'i');
      const { reservationId } = (await service.reserveCart('u1', { cartId: 'c', items: [{ sku, quantity: 2 }] })) as { reservationId: string };
      await service.confirmReservation('u1', { reservationId, paymentId: 'pay' });
      await publishPending(db, publisher, PROJECT_ID);
      await until(2);
      const committed = received.find((e) => e.type === 'inventory.committed')!;
      const sink = new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey });
      const held = received.find((e) => e.type === 'inventory.reserved')!;
      assert.deepEqual(await forwardHold(db, sink, held), { forwarded: true });
      assert.deepEqual(await forwardHold(db, sink, held), { forwarded: false }, 'a redelivery is dropped');
      assert.equal(sim.holds.get(reservationId)?.get(sku), 2, 'the WMS knows about the hold, once');
      assert.deepEqual(await forwardSale(db, sink, committed, 2), { forwarded: true });
      assert.deepEqual(await forwardSale(db, sink, parseEvent(JSON.parse(JSON.stringify(committed))), 2), { forwarded: false });
      const pos = sim.positions.get(`${sku}|wh-01`)!;
      assert.equal(pos.onHand, wmsCount - 2, 'the WMS applied the sale once');
      // The WMS now reports its new count at the acknowledged seq: no double deduction.
      await apply(sku, 'wh-01', pos.onHand, pos.seq);
      const doc = (await db.doc(`inventory/${sku}`).get()).data()!;
      assert.equal(doc.onHand, wmsCount - 2);
      assert.ok(!('pendingSales' in doc), 'the bookkeeping is never public');
      assert.equal(doc.internals, false);
      assert.equal((await db.doc(`inventoryInternals/${sku}`).get()).exists, false, 'the acknowledged sale left nothing pending');
      assert.equal((await db.doc(`fulfillments/${reservationId}`).get()).data()!.wmsState, 'acked');
    } finally {
      await sim.close();
    }
  });
});
