import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../../helpers';
import { coverList, trackCover } from '../../../../src/events/consumers/cover';
import { InventoryCloudEvent } from '../../../../src/events/schema';
import { forgetAllocation, saveAllocation, allocationConfigSchema } from '../../../../src/adapters/allocation-config';
import { seedStock } from '../../checkout-fixtures';

const DAY = 86_400_000;
const NOW = Date.now();

let n = 0;
function sale(sku: string, units: number, at: number, channel?: string): InventoryCloudEvent {
  return {
    id: `e${++n}`,
    type: 'inventory.committed',
    subject: sku,
    time: new Date(at).toISOString(),
    data: { sku, delta: -units, before: { onHand: 100, reserved: units, available: 100 - units }, after: { onHand: 100 - units, reserved: 0, available: 100 - units }, source: 'checkout', ...(channel ? { channel } : {}) },
  } as unknown as InventoryCloudEvent;
}

describe('events/consumers/cover (emulator)', function () {
  this.timeout(60_000);
  const db = adminDb();
  beforeEach(async () => {
    await clearFirestore();
    forgetAllocation();
  });
  after(() => forgetAllocation());

  it('a synthetic sales history gives a known velocity and cover; a fast seller opens the alert, a slow small one does not; a redelivered sale counts once', async () => {
    await saveAllocation(db, allocationConfigSchema.parse({ channels: { online: {}, 'store-berlin': { kind: 'store', locations: ['store-berlin'] } }, locations: { 'wh-01': { leadTimeDays: 5, safetyDays: 2 }, 'store-berlin': { kind: 'store' } }, defaultChannel: 'online' }), 'test');
    // FAST: 60 units in stock (wh-01), 14 a day online for the last 7 days -> 60 / 14 = 4.3 days < 5 + 2.
    // SLOW: 3 units, one sale of 1 four days ago -> 3 / (1/7) = 21 days.
    await seedStock(db, { FAST: 60, SLOW: 3 });
    const fast: InventoryCloudEvent[] = [];
    for (let d = 0; d < 7; d++) fast.push(sale('FAST', 10, NOW - d * DAY, 'online'), sale('FAST', 4, NOW - d * DAY, 'store-berlin'));
    for (const e of fast) await trackCover(db, e, NOW);
    assert.deepEqual(await trackCover(db, fast[3]!, NOW), { changed: false }, 'a redelivery changes nothing');
    await trackCover(db, sale('SLOW', 1, NOW - 4 * DAY), NOW);
    const f = (await db.doc('salesDaily/FAST').get()).data()!;
    assert.equal(f.velocity7, 14);
    assert.equal(f.velocity28, 14 * 7 / 28);
    assert.deepEqual(f.channels, { online: { velocity7: 10, velocity28: 2.5 }, 'store-berlin': { velocity7: 4, velocity28: 1 } });
    assert.equal(Math.round(f.cover * 100) / 100, Math.round((60 / 14) * 100) / 100);
    assert.deepEqual([f.leadTimeDays, f.safetyDays, f.low], [5, 2, true]);
    const alert = (await db.doc('alerts/low_cover-FAST').get()).data()!;
    assert.deepEqual([alert.status, alert.kind, alert.cover], ['open', 'low_cover', 4.3]);
    const s = (await db.doc('salesDaily/SLOW').get()).data()!;
    assert.deepEqual([s.velocity7, s.cover, s.low], [1 / 7, 21, false]);
    assert.equal((await db.doc('alerts/low_cover-SLOW').get()).exists, false);
    // Sorted by cover (lowest first) and by velocity (fastest first).
    assert.deepEqual((await coverList(db, { sort: 'cover', limit: 10 })).map((r) => r.sku), ['FAST', 'SLOW']);
    assert.deepEqual((await coverList(db, { sort: 'velocity', limit: 10 })).map((r) => r.sku), ['FAST', 'SLOW']);
    // Restocked: a count brings 200 units; the next change recomputes cover and resolves the alert.
    await seedStock(db, { FAST: 200 });
    await trackCover(db, { ...fast[0]!, id: 'sync-1', type: 'inventory.synced' } as InventoryCloudEvent, NOW);
    assert.equal((await db.doc('alerts/low_cover-FAST').get()).data()!.status, 'resolved');
    // A SKU that never sold is not tracked at all.
    assert.deepEqual(await trackCover(db, { ...fast[0]!, id: 'sync-2', subject: 'NEVER', type: 'inventory.synced' } as InventoryCloudEvent, NOW), { changed: false });
  });
});
