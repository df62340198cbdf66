import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { FirestoreOfferCatalog } from '../../../src/adapters/offer-catalog';
import { emptyState } from '../../../src/domain/inventory';
import { stockDoc } from '../../../src/stock/stock-store';

describe('adapters/offer-catalog (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('says which SKUs exist and whose offer each is; which products the catalogue knows', async () => {
    const offer = { vendorId: 'v-a', vendorSku: 'A1', productId: 'card-1', condition: 'NM', language: 'en', foil: false, signed: false, price: { amount: 100, currency: 'EUR' } } as const;
    const s = emptyState('v-a~A1', 5);
    s.offer = { ...offer };
    await db.doc('inventory/v-a~A1').set(stockDoc(s, 1, Timestamp.now()));
    await db.doc('inventory/PLAIN').set(stockDoc(emptyState('PLAIN', 5), 1, Timestamp.now()));
    await db.doc('products/card-1').set({ name: 'Card one' });
    const cat = new FirestoreOfferCatalog(db);
    const got = await cat.offers(['v-a~A1', 'PLAIN', 'v-a~MISSING']);
    assert.deepEqual(got.get('v-a~A1'), { exists: true, offer });
    assert.deepEqual(got.get('PLAIN'), { exists: true, offer: null });
    assert.deepEqual(got.get('v-a~MISSING'), { exists: false, offer: null });
    assert.deepEqual([...(await cat.products(['card-1', 'card-2']))], ['card-1']);
    assert.equal((await cat.offers([])).size, 0);
  });
});
