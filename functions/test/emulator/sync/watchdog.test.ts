import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { watchStaleness } from '../../../src/sync/watchdog';

describe('sync/watchdog (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('a sync that stopped succeeding is flagged stale and alerted; fresh again resolves the alert', async () => {
    const now = Date.now();
    await db.doc('syncStatus/wms').set({ state: 'error', stale: false, staleAfterSeconds: 30, lastSuccessAt: Timestamp.fromMillis(now - 60_000) });
    const r = await watchStaleness(db, { connectorId: 'wms', staleAfterSeconds: 30, until: now });
    assert.deepEqual(r, { checks: 1, raised: 1 });
    const status = (await db.doc('syncStatus/wms').get()).data()!;
    assert.equal(status.stale, true);
    assert.equal(status.staleSince.toMillis(), now - 30_000);
    assert.equal((await db.doc('alerts/sync-stale-wms').get()).data()!.status, 'open');
    await db.doc('syncStatus/wms').set({ state: 'ok', stale: false, lastSuccessAt: Timestamp.now() }, { merge: true });
    await watchStaleness(db, { connectorId: 'wms', staleAfterSeconds: 30, until: Date.now() });
    assert.equal((await db.doc('alerts/sync-stale-wms').get()).data()!.status, 'resolved');
  });

  it('paused on purpose: stale on the page, but nobody is paged', async () => {
    await db.doc('syncStatus/wms').set({ state: 'paused', staleAfterSeconds: 30, lastSuccessAt: Timestamp.fromMillis(Date.now() - 60_000) });
    await watchStaleness(db, { connectorId: 'wms', staleAfterSeconds: 30, until: Date.now() });
    assert.equal((await db.doc('syncStatus/wms').get()).data()!.stale, true);
    assert.equal((await db.doc('alerts/sync-stale-wms').get()).exists, false);
  });

  it('within one invocation it wakes at the moment the status turns stale', async () => {
    const t0 = Date.now();
    await db.doc('syncStatus/wms').set({ state: 'ok', stale: false, staleAfterSeconds: 1, lastSuccessAt: Timestamp.fromMillis(t0) });
    const r = await watchStaleness(db, { connectorId: 'wms', staleAfterSeconds: 1, until: t0 + 1800, checkEveryMs: 5000 });
    assert.equal(r.raised, 1);
    assert.ok(Date.now() - t0 < 4000, 'woke when it turned stale (at 1 s), not at the 5 s re-check');
  });
});
