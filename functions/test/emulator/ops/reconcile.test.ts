import assert from 'node:assert/strict';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { clearFirestore } from '../helpers';
import { makeService, seedStock } from '../checkout-fixtures';
import { WmsSimulator } from '../../../tools/wms-simulator';
import { WmsHttpConnector } from '../../../src/adapters/wms-http';
import { CountApplier } from '../../../src/stock/count-applier';
import { runSyncCycle } from '../../../src/sync/sync-cycle';
import { createRun, reconcile, runReconciliation, runRef } from '../../../src/ops/reconcile';
import { db, withSyncedWms } from './ops-fixtures';

describe('ops/reconcile (emulator)', function () {
  this.timeout(60_000);
  beforeEach(() => clearFirestore());

  it('reconciliation finds injected drift, reports the rate, and fixes it without touching holds', async () => {
    await withSyncedWms({ skus: 200, locations: 4 }, async ({ sim, applier, connector }) => {
      const clean = await reconcile(db, connector, applier, { fix: false, defaultThreshold: 2, trigger: 'test' });
      assert.equal(clean.discrepancies, 0);
      // Drift: a corrupted count on one SKU (with a hold on it), a lost location on another.
      const { service } = makeService(db, 'i');
      const a = (await db.doc('inventory/SKU-00010').get()).data()!;
      const loc = Object.keys(a.locations)[0]!;
      const avail = a.available as number;
      if (avail > 0) await service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'SKU-00010', quantity: 1 }] });
      await db.doc('inventory/SKU-00010').update({ [`locations.${loc}.wmsOnHand`]: 4242, [`locations.${loc}.onHand`]: 4242, onHand: 9999 });
      const b = (await db.doc('inventory/SKU-00020').get()).data()!;
      const gone = Object.keys(b.locations)[0]!;
      await db.doc('inventory/SKU-00020').update({ [`locations.${gone}`]: FieldValue.delete() });
      const reserved = (await db.doc('inventory/SKU-00010').get()).data()!.reserved;

      const run = await reconcile(db, connector, applier, { fix: true, defaultThreshold: 2, trigger: 'test' });
      assert.equal(run.discrepancies, 2, JSON.stringify(run));
      assert.deepEqual([run.byKind.count_mismatch, run.byKind.missing_here], [1, 1]);
      assert.equal(run.skusWithDiscrepancy, 2);
      assert.equal(run.rate, 2 / 200);
      assert.equal(run.fixed, 2);
      const fixed = (await db.doc('inventory/SKU-00010').get()).data()!;
      assert.equal(fixed.locations[loc].onHand, sim.positions.get(`SKU-00010|${loc}`)!.onHand);
      assert.equal(fixed.reserved, reserved, 'holds untouched');
      assert.ok((await db.doc('inventory/SKU-00020').get()).data()!.locations[gone]);
      assert.equal((await db.collection(`reconciliationRuns/${run.runId}/discrepancies`).count().get()).data().count, 2);
      // Above 0.5%: with the default (no persistence asked) the alert opens at once.
      const alert = (await db.doc('alerts/discrepancy-rate').get()).data()!;
      assert.deepEqual([alert.status, alert.runId], ['open', run.runId], 'rate above 0.5% raises the alert');
      assert.equal((await reconcile(db, connector, applier, { fix: false, defaultThreshold: 2, trigger: 'test' })).discrepancies, 0);
    });
  });

  it('freshness per position stays true: a quiet SKU the WMS confirms is refreshed, and only a SKU the WMS stopped reporting is a stale product', async () => {
    await withSyncedWms({ skus: 20, locations: 2 }, async ({ applier, connector }) => {
      // Two days without a change: SKU-00003 is quiet; SKU-99999 is ours only (the WMS dropped it).
      const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
      const quiet = (await db.doc('inventory/SKU-00003').get()).data()!;
      const locs = Object.keys(quiet.locations);
      await db.doc('inventory/SKU-00003').update({ syncedAt: twoDaysAgo, ...Object.fromEntries(locs.map((l) => [`locations.${l}.syncedAt`, twoDaysAgo])) });
      await seedStock(db, { 'SKU-99999': 4 });
      await db.doc('inventory/SKU-99999').update({ syncedAt: twoDaysAgo });
      applier.invalidate();
      const run = await reconcile(db, connector, applier, { fix: true, defaultThreshold: 2, trigger: 'test' });
      const alert = (await db.doc('alerts/stale-products').get()).data()!;
      assert.deepEqual([alert.status, alert.sample], ['open', ['SKU-99999']], 'only the SKU the WMS stopped reporting');
      const after = (await db.doc('inventory/SKU-00003').get()).data()!;
      assert.ok(after.syncedAt.toMillis() > Date.now() - 60_000, 'the SKU is fresh again');
      for (const l of locs) assert.ok(after.locations[l].syncedAt.toMillis() > Date.now() - 60_000, `${l} is fresh again`);
      assert.equal(after.onHand, quiet.onHand, 'no count changed');
      assert.equal(run.discrepancies, 1, 'SKU-99999 is extra here');
      assert.equal((await db.collection('inventoryEvents').where('sku', '==', 'SKU-00003').where('data.source', '==', 'reconcile').count().get()).data().count, 0, 'a confirmation is not an event');
    });
  });

  it('reconciliation is background work: the run record comes first, progress is kept, and a run that dies resumes where it stopped', async () => {
    const sim = new WmsSimulator({ skus: 300, locations: 3 });
    await sim.start();
    try {
      const applier = new CountApplier(db, { defaultThreshold: 2 });
      const http = new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey });
      let snapshotPages = 0;
      const connector = Object.assign(Object.create(http) as WmsHttpConnector, {
        fetchSnapshot: (...a: Parameters<WmsHttpConnector['fetchSnapshot']>) => {
          snapshotPages++;
          return http.fetchSnapshot(...a);
        },
      });
      await runSyncCycle({ db, connector: http, flags: { isEnabled: async () => true }, applier, staleAfterSeconds: 30 });
      // Drift early and late in SKU order: one in the chunk before the crash, one after it.
      const early = (await db.doc('inventory/SKU-00010').get()).data()!;
      const loc = Object.keys(early.locations)[0]!;
      await db.doc('inventory/SKU-00010').update({ [`locations.${loc}.onHand`]: 4242, onHand: 9999 });
      const late = (await db.doc('inventory/SKU-00250').get()).data()!;
      const gone = Object.keys(late.locations)[0]!;
      await db.doc('inventory/SKU-00250').update({ [`locations.${gone}`]: FieldValue.delete() });
      applier.invalidate();

      const runId = await createRun(db, { fix: true, trigger: 'test' });
      assert.equal((await runRef(db, runId).get()).data()!.state, 'queued', 'the record exists before any work');
      let crashed = false;
      const o = {
        defaultThreshold: 2, chunkSize: 100, snapshotPageSize: 200,
        afterChunk: async () => {
          if (crashed) return;
          crashed = true;
          throw new Error('the instance died after the first chunk');
        },
      };
      await assert.rejects(runReconciliation(db, connector, applier, runId, o), /died/);
      const mid = (await runRef(db, runId).get()).data()!;
      assert.deepEqual([mid.state, mid.phase, mid.progress.snapshotDone], ['queued', 'compare', true]);
      assert.ok(mid.progress.snapshotPages >= 2 && mid.progress.snapshotPages === snapshotPages, 'the snapshot came in pages, each recorded');
      assert.equal(mid.progress.skus, 100, 'one chunk compared, and recorded');
      assert.match(mid.error, /died/);
      const pagesRead = snapshotPages;

      const r = await runReconciliation(db, connector, applier, runId, o);
      assert.equal(r.state, 'done');
      assert.equal(snapshotPages, pagesRead, 'the resumed run did not read the snapshot again');
      const done = (await runRef(db, runId).get()).data()!;
      assert.deepEqual([done.state, done.attempts, done.skus, done.discrepancies, done.fixed], ['done', 2, 300, 2, 2]);
      assert.deepEqual([done.byKind.count_mismatch, done.byKind.missing_here], [1, 1]);
      const listed = await db.collection(`reconciliationRuns/${runId}/discrepancies`).get();
      assert.equal(listed.size, 2);
      assert.ok(done.expireAt instanceof Timestamp && listed.docs.every((d) => d.data().expireAt instanceof Timestamp), 'runs and their lists expire (TTL)');
      assert.ok((await db.collection(`reconciliationRuns/${runId}/wms`).limit(1).get()).docs[0]!.data().expireAt instanceof Timestamp, 'so does the staged snapshot');
      assert.equal((await db.doc('inventory/SKU-00010').get()).data()!.locations[loc].onHand, sim.positions.get(`SKU-00010|${loc}`)!.onHand);
      assert.ok((await db.doc('inventory/SKU-00250').get()).data()!.locations[gone], 'the late SKU was fixed by the resumed run');
    } finally {
      await sim.close();
    }
  });
});
