import assert from 'node:assert/strict';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { makeService, rejects } from '../checkout-fixtures';
import { CheckoutError } from '../../../src/checkout/errors';
import { allocationConfigSchema, forgetAllocation, saveAllocation } from '../../../src/adapters/allocation-config';
import { emptyState } from '../../../src/domain/inventory';
import { stockDoc } from '../../../src/stock/stock-store';
import { CountApplier } from '../../../src/stock/count-applier';
import { logEntryData } from '../../../src/domain/events';

const db = adminDb();

const LOCATIONS = ['wh-north', 'wh-south', 'store-berlin', 'store-munich', 'dropship'];
const CONFIG = allocationConfigSchema.parse({
  channels: {
    online: { kind: 'online', locations: ['wh-north', 'wh-south', 'dropship'], strategy: 'fewest_shipments' },
    'store-berlin': { kind: 'store', locations: ['store-berlin'], strategy: 'priority' },
    marketplace: { kind: 'online', locations: null, strategy: 'nearest' },
  },
  locations: {
    'wh-north': { priority: 1, lat: 53.55, lng: 9.99, safetyStock: 1 },
    'wh-south': { priority: 2, lat: 48.14, lng: 11.58 },
    'store-berlin': { kind: 'store', priority: 3, lat: 52.52, lng: 13.4 },
    'store-munich': { kind: 'store', priority: 4, lat: 48.14, lng: 11.57 },
    dropship: { priority: 9 },
  },
  defaultChannel: 'online',
  postcodes: { '10115': { lat: 52.53, lng: 13.38 }, '80331': { lat: 48.14, lng: 11.57 } },
});

async function seed(db: Firestore, stock: Record<string, Record<string, number>>): Promise<void> {
  const batch = db.batch();
  const now = Timestamp.now();
  for (const [sku, perLoc] of Object.entries(stock)) {
    const s = emptyState(sku, 1);
    for (const [loc, n] of Object.entries(perLoc)) s.locations[loc] = { onHand: n, wmsOnHand: n, seq: 1, syncedAt: now.toMillis() };
    batch.set(db.collection('inventory').doc(sku), stockDoc(s, 1, now));
  }
  await batch.commit();
}

type Doc = { locations: Record<string, { onHand: number; reserved?: number }>; reserved: number; onHand: number; available: number; channels?: Record<string, { available: number }> };
const stock = async (sku: string) => (await db.doc(`inventory/${sku}`).get()).data() as Doc;

describe('checkout with channels and allocation (emulator)', function () {
  this.timeout(180_000);
  beforeEach(async () => {
    await clearFirestore();
    forgetAllocation();
    await saveAllocation(db, CONFIG, 'test');
  });
  after(() => forgetAllocation());

  it('a hold says where its units come from; fewest shipments serves a cart from one location when one can, and splits it (recorded) when none can', async () => {
    await seed(db, { A: { 'wh-north': 3, 'wh-south': 2 }, B: { 'wh-south': 1, dropship: 5 } });
    const { service } = makeService(db, 'alloc-1');
    // wh-south has both: one shipment.
    const one = (await service.reserveCart('u1', { cartId: 'c1', items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }] })) as Record<string, unknown>;
    assert.deepEqual(one.allocations, { A: [{ locationId: 'wh-south', quantity: 1 }], B: [{ locationId: 'wh-south', quantity: 1 }] });
    assert.equal(one.split, false);
    assert.equal(one.channel, 'online');
    // No single location has 3 A (north keeps 1 back as safety stock) and 2 B: a split.
    const two = (await service.reserveCart('u2', { cartId: 'c2', items: [{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 2 }] })) as Record<string, unknown>;
    assert.equal(two.split, true);
    const a = await stock('A');
    assert.deepEqual([a.locations['wh-north']!.reserved, a.locations['wh-south']!.reserved, a.reserved], [2, 2, 4]);
    assert.equal(a.channels!.online!.available, 0, 'north keeps its safety unit back from online');
    assert.equal(a.channels!.marketplace!.available, 0);
    // The event says where.
    const ev = (await db.collection('inventoryEvents').where('sku', '==', 'A').where('type', '==', 'inventory.reserved').get()).docs.map((d) => logEntryData(d.data()));
    assert.ok(ev.every((d) => d.channel === 'online' && Array.isArray(d.allocations)));
    // Confirm sells exactly the allocation, and the fulfilment names it.
    await service.confirmReservation('u2', { reservationId: two.reservationId, paymentId: 'p2' });
    const f = (await db.doc(`fulfillments/${two.reservationId}`).get()).data()!;
    const r2 = (await db.doc(`reservations/${two.reservationId}`).get()).data()!;
    assert.deepEqual(f.lines.map((l: { sku: string; allocations: unknown }) => [l.sku, l.allocations]), Object.entries(r2.allocations));
    assert.equal(f.channel, 'online');
  });

  it('click & collect holds at the store only; nearest ships from the closest location; an unknown channel names the field', async () => {
    await seed(db, { A: { 'wh-north': 10, 'store-berlin': 2, 'store-munich': 5 } });
    const { service } = makeService(db, 'alloc-2');
    const pickup = (await service.reserveCart('u1', { cartId: 'c1', channel: 'store-berlin', pickupLocationId: 'store-berlin', items: [{ sku: 'A', quantity: 2 }] })) as Record<string, unknown>;
    assert.deepEqual(pickup.allocations, { A: [{ locationId: 'store-berlin', quantity: 2 }] });
    await rejects(service.reserveCart('u1', { cartId: 'c2', channel: 'store-berlin', pickupLocationId: 'store-berlin', items: [{ sku: 'A', quantity: 1 }] }), 'failed-precondition');
    const v = await service.validateCart('u1', { channel: 'store-berlin', items: [{ sku: 'A', quantity: 1 }] });
    assert.equal(v.items[0]!.status, 'out_of_stock');
    const near = (await service.reserveCart('u3', { cartId: 'c3', channel: 'marketplace', shipTo: { postcode: '80331' }, items: [{ sku: 'A', quantity: 3 }] })) as Record<string, unknown>;
    assert.deepEqual(near.allocations, { A: [{ locationId: 'store-munich', quantity: 3 }] });
    const stored = (await db.doc(`reservations/${near.reservationId}`).get()).data()!;
    assert.equal(stored.channel, 'marketplace');
    await rejects(service.reserveCart('u4', { cartId: 'c4', channel: 'nope', items: [{ sku: 'A', quantity: 1 }] }), 'invalid-argument', /channel: unknown channel nope/);
    await rejects(service.validateCart('u4', { shipTo: { postcode: '99999' }, items: [{ sku: 'A', quantity: 1 }] }), 'invalid-argument', /shipTo.postcode/);
  });

  it('a location that loses stock before the confirm is re-allocated inside the transaction, never oversold', async () => {
    await seed(db, { A: { 'wh-north': 4, 'wh-south': 6 } });
    const { service } = makeService(db, 'alloc-3');
    const h = (await service.reserveCart('u1', { cartId: 'c1', items: [{ sku: 'A', quantity: 3 }] })) as Record<string, unknown>;
    assert.deepEqual(h.allocations, { A: [{ locationId: 'wh-north', quantity: 3 }] });
    // The WMS reports north down to 1.
    await new CountApplier(db, { defaultThreshold: 1 }).apply(new Map([['A', [{ sku: 'A', locationId: 'wh-north', onHand: 1, seq: 2, updatedAt: Date.now(), deleted: false }]]]), 'wms');
    await service.confirmReservation('u1', { reservationId: h.reservationId, paymentId: 'p1' });
    const a = await stock('A');
    assert.deepEqual([a.locations['wh-north']!.onHand, a.locations['wh-south']!.onHand, a.reserved], [0, 4, 0]);
    const f = (await db.doc(`fulfillments/${h.reservationId}`).get()).data()!;
    assert.deepEqual(f.lines[0].allocations, [{ locationId: 'wh-north', quantity: 1 }, { locationId: 'wh-south', quantity: 2 }]);
    assert.equal((await db.doc(`reservations/${h.reservationId}`).get()).data()!.reallocated, 2);
  });

  it('the race: 300 carts from 60 shoppers over 3 channels, 5 locations, split and pickup carts, with confirms and releases: 0 oversell per location, exact reserved per location', async () => {
    const skus = Array.from({ length: 10 }, (_, i) => `R${i}`);
    let seedN = 11;
    const rnd = () => ((seedN = (seedN * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const initial: Record<string, Record<string, number>> = {};
    for (const s of skus) initial[s] = Object.fromEntries(LOCATIONS.map((l) => [l, Math.floor(rnd() * (l === 'store-berlin' ? 10 : 6))]));
    await seed(db, initial);
    const instances = Array.from({ length: 6 }, (_, i) => makeService(db, `race-${i}`).service);
    const channels = [{ channel: 'online' }, { channel: 'marketplace', shipTo: { postcode: '10115' } }, { channel: 'store-berlin', pickupLocationId: 'store-berlin' }, { channel: 'marketplace' }];
    const calls = Array.from({ length: 300 }, (_, i) => {
      const uid = `user-${i % 60}`;
      const items = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({ sku: skus[Math.floor(rnd() * skus.length)]!, quantity: 1 + Math.floor(rnd() * 3) }));
      const ch = channels[Math.floor(rnd() * channels.length)]!;
      const svc = instances[i % instances.length]!;
      const action = rnd();
      return svc.reserveCart(uid, { cartId: `cart-${i}`, items, ...ch }).then(
        async (r) => {
          const id = (r as { reservationId: string }).reservationId;
          if (action < 0.4) await svc.confirmReservation(uid, { reservationId: id, paymentId: `pay-${i}` });
          else if (action < 0.6) await svc.releaseReservation(uid, { reservationId: id, reason: 'changed mind' });
          return { ok: true as const };
        },
        (e: CheckoutError) => ({ ok: false as const, code: e.code, message: e.message }),
      );
    });
    const results = await Promise.all(calls);
    assert.deepEqual(results.filter((r) => !r.ok && r.code !== 'failed-precondition'), [], 'only availability refusals');
    console.log(`    ${results.filter((r) => r.ok).length} of 300 carts held`);
    assert.ok(results.filter((r) => r.ok).length > 20, `plenty succeeded (${results.filter((r) => r.ok).length})`);
    assert.ok(results.some((r) => !r.ok), 'some were refused');
    const all = (await db.collection('reservations').get()).docs.map((d) => d.data());
    const heldAt = new Map<string, number>();
    const soldAt = new Map<string, number>();
    let splits = 0;
    for (const r of all) {
      if (r.split) splits++;
      for (const [sku, allocs] of Object.entries(r.allocations as Record<string, { locationId: string; quantity: number }[]>)) {
        for (const a of allocs) {
          const key = `${sku}|${a.locationId}`;
          if (r.state === 'held') heldAt.set(key, (heldAt.get(key) ?? 0) + a.quantity);
          if (r.state === 'committed') soldAt.set(key, (soldAt.get(key) ?? 0) + a.quantity);
        }
      }
    }
    assert.ok(splits > 0, 'some carts were split');
    assert.ok(all.some((r) => r.pickupLocationId === 'store-berlin'), 'some pickups held');
    for (const s of skus) {
      const d = await stock(s);
      let reservedSum = 0;
      for (const l of LOCATIONS) {
        const p = d.locations[l]!;
        const key = `${s}|${l}`;
        assert.ok(p.onHand >= 0, `${key}: onHand ${p.onHand}`);
        assert.equal(p.onHand + (soldAt.get(key) ?? 0), initial[s]![l], `${key}: sold exactly what was there, no more`);
        assert.equal(p.reserved ?? 0, heldAt.get(key) ?? 0, `${key}: reserved is exactly the held allocations`);
        assert.ok((p.reserved ?? 0) <= p.onHand, `${key}: held within what is there`);
        reservedSum += p.reserved ?? 0;
      }
      assert.equal(d.reserved, reservedSum, `${s}: reserved is the sum over locations`);
      assert.equal(d.available, Math.max(0, d.onHand - d.reserved));
    }
  });
});
