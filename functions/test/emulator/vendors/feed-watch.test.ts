import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { seedVendor } from '../vendor-fixtures';
import { feedState, FeedWatch } from '../../../src/vendors/feed-watch';
import { VendorService } from '../../../src/vendors/service';
import { CountApplier } from '../../../src/stock/count-applier';
import { AuthVendorUsers } from '../../../src/adapters/vendor-users';

describe('vendors/feed-watch (emulator)', () => {
  const db = adminDb();
  const watch = () => new FeedWatch(db, new VendorService(db, new CountApplier(db, { defaultThreshold: 2 }), new AuthVendorUsers()), 3);
  beforeEach(clearFirestore);
  const doc = async (path: string) => (await db.doc(path).get()).data();

  it('stale after factor x cadence without a feed (from creation before the first)', () => {
    const t = Date.parse('2026-12-03T12:00:00Z');
    const v = { vendorId: 'v', feedCadenceMinutes: 15, lastFeedAt: '2026-12-03T11:15:00Z', createdAt: '2026-01-01T00:00:00Z' };
    assert.deepEqual(feedState(v, 3, t), { vendorId: 'v', stale: false, staleAt: t, lastFeedAt: Date.parse(v.lastFeedAt) });
    assert.equal(feedState(v, 3, t + 1).stale, true);
    assert.equal(feedState({ ...v, lastFeedAt: null }, 3, t).stale, true, 'never fed since creation long ago');
  });

  it('keep_selling: the feed turns stale (public flag, alert), offers keep selling; the next feed recovers it', async () => {
    await seedVendor(db, 'v-k', { offers: 2, cadenceMinutes: 10, lastFeedAt: Date.now() - 31 * 60_000 });
    assert.deepEqual(await watch().watchFeeds(), { vendors: 1, turnedStale: 1, recovered: 0 });
    const feed = (await doc('vendorFeeds/v-k'))!;
    assert.deepEqual([feed.stale, feed.staleAfterMinutes, feed.policy], [true, 30, 'keep_selling']);
    assert.deepEqual([(await doc('alerts/feed-stale-v-k'))!.status, (await doc('alerts/feed-stale-v-k'))!.vendorId], ['open', 'v-k']);
    assert.equal((await doc('inventory/v-k~C000'))!.available, 10, 'still selling');
    assert.deepEqual(await watch().watchFeeds(), { vendors: 1, turnedStale: 0, recovered: 0 }, 'stays stale without a second alert');
    await db.doc('vendors/v-k').update({ lastFeedAt: new Date() });
    assert.deepEqual(await watch().watchFeeds(), { vendors: 1, turnedStale: 0, recovered: 1 });
    assert.equal((await doc('vendorFeeds/v-k'))!.stale, false);
    assert.equal((await doc('alerts/feed-stale-v-k'))!.status, 'resolved');
  });

  it('stop_selling: stale offers stop selling until the feed is back; recovery is at once and idempotent', async () => {
    await seedVendor(db, 'v-s', { offers: 3, cadenceMinutes: 5, lastFeedAt: Date.now() - 16 * 60_000, policy: 'stop_selling' });
    await watch().watchFeeds();
    for (const k of ['C000', 'C001', 'C002']) {
      const o = (await doc(`inventory/v-s~${k}`))!;
      assert.deepEqual([o.halt, o.available, o.onHand], ['feed_stale', 0, 10]);
    }
    assert.equal(await watch().recover('v-s'), 3, 'the feed came back: every offer sells again');
    assert.deepEqual([(await doc('inventory/v-s~C000'))!.halt, (await doc('inventory/v-s~C000'))!.available], [null, 10]);
    assert.equal(await watch().recover('v-s'), 0);
  });

  it('a suspended vendor is not watched (its offers are halted for that reason already)', async () => {
    await seedVendor(db, 'v-x', { offers: 1, cadenceMinutes: 1, lastFeedAt: 0, status: 'suspended' });
    assert.deepEqual(await watch().watchFeeds(), { vendors: 0, turnedStale: 0, recovered: 0 });
  });
});
