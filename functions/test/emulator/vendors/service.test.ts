import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import { getAuth } from 'firebase-admin/auth';
import { adminDb, clearFirestore } from '../helpers';
import { feedHealth, VendorService } from '../../../src/vendors/service';
import { CountApplier } from '../../../src/stock/count-applier';
import { AuthVendorUsers } from '../../../src/adapters/vendor-users';
import { adminApp } from '../../../src/adapters/firebase';
import { emptyState } from '../../../src/domain/inventory';
import { stockDoc } from '../../../src/stock/stock-store';

describe('vendors/service (emulator)', () => {
  const db = adminDb();
  const service = () => new VendorService(db, new CountApplier(db, { defaultThreshold: 2 }), new AuthVendorUsers());
  beforeEach(clearFirestore);

  it('creates a vendor once, with defaults; lists it with its feed health', async () => {
    const v = await service().create({ vendorId: 'v-new', name: 'New' }, 'olga');
    assert.deepEqual([v.vendorId, v.status, v.feedCadenceMinutes, v.lastFeedAt], ['v-new', 'active', 15, null]);
    await assert.rejects(service().create({ vendorId: 'v-new', name: 'Again' }, 'olga'), /already exists/);
    await assert.rejects(service().create({ vendorId: 'bad id', name: '' }, 'olga'), (e: { code?: string }) => e.code === 'invalid-argument');
    const [listed] = await service().list();
    assert.deepEqual(listed!.feed, { state: 'never', minutesSinceFeed: null });
    await assert.rejects(service().get('v-none'), /no vendor v-none/);
  });

  it('feed health: on time within the cadence, late past it', () => {
    const at = Date.parse('2026-12-03T10:00:00Z');
    assert.deepEqual(feedHealth({ lastFeedAt: '2026-12-03T10:00:00.000Z', feedCadenceMinutes: 15 }, at + 15 * 60_000), { state: 'on_time', minutesSinceFeed: 15 });
    assert.deepEqual(feedHealth({ lastFeedAt: '2026-12-03T10:00:00.000Z', feedCadenceMinutes: 15 }, at + 16 * 60_000), { state: 'late', minutesSinceFeed: 16 });
  });

  it('suspension halts every offer of the vendor (they stop selling) and reactivation lifts it', async () => {
    await service().create({ vendorId: 'v-s', name: 'S' }, 'olga');
    const offer = emptyState('v-s~X', 2);
    offer.offer = { vendorId: 'v-s', vendorSku: 'X', productId: 'p', condition: 'NM', language: 'en', foil: false, signed: false, price: { amount: 1, currency: 'EUR' } };
    offer.locations['wh'] = { onHand: 4, wmsOnHand: 4, seq: 1, syncedAt: Date.now() };
    await db.doc('inventory/v-s~X').set(stockDoc(offer, 1, Timestamp.now()));
    const r = await service().setStatus('v-s', { status: 'suspended', reason: 'audit' }, 'olga');
    assert.deepEqual(r, { vendorId: 'v-s', status: 'suspended', offersChanged: 1 });
    const halted = (await db.doc('inventory/v-s~X').get()).data()!;
    assert.deepEqual([halted.halt, halted.available], ['vendor_suspended', 0]);
    await service().setStatus('v-s', { status: 'active' }, 'olga');
    const back = (await db.doc('inventory/v-s~X').get()).data()!;
    assert.deepEqual([back.halt, back.available], [null, 4]);
  });

  it('a vendor user gets the vendorId claim', async () => {
    await service().create({ vendorId: 'v-u', name: 'U' }, 'olga');
    const email = `u-${randomUUID().slice(0, 8)}@example.com`;
    const u = await service().addUser('v-u', { email, password: 'password' });
    assert.equal((await getAuth(adminApp()).getUser(u.uid)).customClaims?.vendorId, 'v-u');
    await assert.rejects(service().addUser('v-none', { email }), /no vendor v-none/);
  });
});
