import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { seedVendor } from '../vendor-fixtures';
import { previewBatch, vendorListing, vendorTotals } from '../../../src/ingest/feed-preview';
import { StoredRow } from '../../../src/ingest/service';

describe('ingest/feed-preview (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);
  const row = (sku: string, onHand: number, extra: Partial<StoredRow> = {}): StoredRow => ({ op: 'upsert', sku, locationId: 'main', onHand, seq: 5, occurredAt: new Date().toISOString(), index: 0, ...extra });

  it('what a batch would do, as the job would apply it (stale rows change nothing; another vendor’s offer is not touched)', async () => {
    const [a, b, c] = await seedVendor(db, 'v-p', { offers: 4, units: 10 });
    await seedVendor(db, 'v-q', { offers: 1, units: 10 });
    const { diff, touched } = await previewBatch(db, 'v-p', [
      row(a!, 0),
      row(b!, 15, { offer: { price: { amount: 1500, currency: 'EUR' } } }),
      row(c!, 99, { seq: 1 }), // not newer than the stored seq: stale
      row('v-p~NEW', 4, { offer: { productId: 'card-0001', condition: 'EX', language: 'de', price: { amount: 10, currency: 'EUR' } } }),
      row('v-q~C000', 0),
    ], 2);
    assert.deepEqual(diff, { offersCreated: 1, offersChanged: 1, offersZeroed: 1, offersDeleted: 0, unitsAdded: 5 + 4, unitsRemoved: 10 });
    assert.deepEqual(touched, { offers: 3, units: 30 }, "the vendor's own listed offers the batch names (not v-q's)");
    assert.equal((await db.doc(`inventory/${a!}`).get()).data()!.onHand, 10, 'nothing applied');
  });

  it("the vendor's totals by aggregation, and its listing with each offer's locations", async () => {
    await seedVendor(db, 'v-p', { offers: 3, units: 7 });
    await seedVendor(db, 'v-q', { offers: 2, units: 1 });
    assert.deepEqual(await vendorTotals(db, 'v-p'), { offers: 3, units: 21 });
    const { offers } = await vendorListing(db, 'v-p');
    assert.deepEqual([...offers.keys()].sort(), ['v-p~C000', 'v-p~C001', 'v-p~C002']);
    assert.deepEqual(offers.get('v-p~C000'), { locations: ['main'] });
  });
});
