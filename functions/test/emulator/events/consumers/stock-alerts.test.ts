import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../../helpers';
import { raiseStockAlerts } from '../../../../src/events/consumers/stock-alerts';
import { InventoryCloudEvent } from '../../../../src/events/schema';

describe('events/consumers/stock-alerts (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);
  const event = (type: string, id: string, available: number, vendorId?: string) =>
    ({ id, type, subject: 'v-a~X', data: { sku: 'v-a~X', after: { available }, ...(vendorId ? { vendorId } : {}) } }) as unknown as InventoryCloudEvent;

  it('out of stock opens an alert (the vendor’s too, for an offer); back in stock resolves it; each event counts once', async () => {
    assert.deepEqual(await raiseStockAlerts(db, event('inventory.out_of_stock', 'e1', 0, 'v-a')), { changed: true });
    assert.deepEqual(await raiseStockAlerts(db, event('inventory.out_of_stock', 'e1', 0, 'v-a')), { changed: false });
    const open = (await db.doc('alerts/out_of_stock-v-a~X').get()).data()!;
    assert.deepEqual([open.status, open.kind, open.vendorId, open.lastEventId], ['open', 'out_of_stock', 'v-a', 'e1']);
    await raiseStockAlerts(db, event('inventory.back_in_stock', 'e2', 4, 'v-a'));
    assert.equal((await db.doc('alerts/out_of_stock-v-a~X').get()).data()!.status, 'resolved');
    await raiseStockAlerts(db, event('inventory.low_stock', 'e3', 1));
    assert.equal((await db.doc('alerts/low_stock-v-a~X').get()).data()!.status, 'open');
    assert.deepEqual(await raiseStockAlerts(db, event('inventory.synced', 'e4', 9)), { changed: false });
  });
});
