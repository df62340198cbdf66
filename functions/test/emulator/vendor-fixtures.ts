/** A vendor with offers, for the tests of feeds, drops and the mass-change guard. */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { emptyState } from '../../src/domain/inventory';
import { offerIdFor } from '../../src/domain/offer';
import { stockDoc } from '../../src/stock/stock-store';

export async function seedVendor(db: Firestore, vendorId: string, o: { offers: number; units?: number; cadenceMinutes?: number; lastFeedAt?: number | null; policy?: 'keep_selling' | 'stop_selling'; status?: 'active' | 'suspended' }): Promise<string[]> {
  const t = Timestamp.now();
  await db.doc('products/card-0001').set({ name: 'Black Lotus (Alpha)' });
  await db.doc(`vendors/${vendorId}`).set({
    vendorId, name: vendorId, status: o.status ?? 'active', feedCadenceMinutes: o.cadenceMinutes ?? 15, contactEmails: [], lowStockThreshold: 2,
    staleFeedPolicy: o.policy ?? 'keep_selling', createdAt: t, updatedAt: t, lastFeedAt: o.lastFeedAt === null ? null : Timestamp.fromMillis(o.lastFeedAt ?? Date.now()),
  });
  const ids: string[] = [];
  const batch = db.batch();
  for (let k = 0; k < o.offers; k++) {
    const code = `C${String(k).padStart(3, '0')}`;
    const s = emptyState(offerIdFor(vendorId, code), 2);
    s.locations.main = { onHand: o.units ?? 10, wmsOnHand: o.units ?? 10, seq: 1, syncedAt: t.toMillis() };
    s.syncedAt = t.toMillis();
    s.offer = { vendorId, vendorSku: code, productId: 'card-0001', condition: 'NM', language: 'en', foil: false, signed: false, price: { amount: 1000, currency: 'EUR' } };
    batch.set(db.doc(`inventory/${s.sku}`), stockDoc(s, 1, t));
    ids.push(s.sku);
  }
  await batch.commit();
  return ids;
}

/** A row of a vendor batch for offer `C<k>`. */
export const vendorRow = (k: number, onHand: number, seq = 2) => ({ op: 'upsert', sku: `C${String(k).padStart(3, '0')}`, locationId: 'main', onHand, seq, occurredAt: new Date().toISOString() });

/** Many offers of one vendor at once (batched writes), with their codes. */
export async function seedOffers(db: Firestore, vendorId: string, codes: string[], onHand: number): Promise<void> {
  const t = Timestamp.now();
  for (let i = 0; i < codes.length; i += 500) {
    const b = db.batch();
    for (const code of codes.slice(i, i + 500)) {
      const s = emptyState(offerIdFor(vendorId, code), 2);
      s.locations.main = { onHand, wmsOnHand: onHand, seq: 1, syncedAt: t.toMillis() };
      s.offer = { vendorId, vendorSku: code, productId: 'card-0001', condition: 'NM', language: 'en', foil: false, signed: false, price: { amount: 100, currency: 'EUR' } };
      b.set(db.doc(`inventory/${s.sku}`), stockDoc(s, 1, t));
    }
    await b.commit();
  }
}
