/**
 * The staged migration, held by every writer of counts: the poll, push jobs, the full resync,
 * reconciliation fixes and the backfill CLI never write a SKU the legacy system still owns (outside
 * the rollout share, rolled back by name, or everything while the feature flag is off).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { adminDb, clearFirestore, PROJECT_ID } from '../helpers';
import { WmsSimulator } from '../../../tools/wms-simulator';
import { WmsHttpConnector } from '../../../src/adapters/wms-http';
import { CountApplier } from '../../../src/stock/count-applier';
import { runSyncCycle } from '../../../src/sync/sync-cycle';
import { runFullResync } from '../../../src/sync/full-resync';
import { RolloutOwnership } from '../../../src/sync/sync-state';
import { reconcile } from '../../../src/ops/reconcile';
import { FirestoreOfferCatalog } from '../../../src/adapters/offer-catalog';
import { IngestService } from '../../../src/ingest/service';
import { processIngestJob } from '../../../src/ingest/processor';

const db = adminDb();
const ROLLED_BACK = 'SKU-00002';
const flagsOn = { isEnabled: async () => true };
const flagsOff = { isEnabled: async () => false };

describe('stock/ownership: every count writer honours the rollout (emulator)', function () {
  this.timeout(90_000);
  let sim: WmsSimulator;
  let connector: WmsHttpConnector;
  const applier = (flags = flagsOn) => new CountApplier(db, { defaultThreshold: 2, ownership: new RolloutOwnership(db, flags, 'wms', 0) });
  const exists = async (sku: string) => (await db.doc(`inventory/${sku}`).get()).exists;

  beforeEach(async () => {
    await clearFirestore();
    sim = new WmsSimulator({ skus: 6, locations: 2 });
    await sim.start();
    connector = new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey });
    await db.doc('syncState/wms').set({ rolloutPercent: 100, rolledBack: [ROLLED_BACK] });
  });
  afterEach(() => sim.close());

  it('poll and full resync: a rolled-back SKU is never written', async () => {
    const r = await runSyncCycle({ db, connector, flags: flagsOn, applier: applier(), staleAfterSeconds: 30 });
    assert.equal(r.outcome, 'synced');
    assert.equal(await exists('SKU-00001'), true);
    assert.equal(await exists(ROLLED_BACK), false, 'the poll left it to the legacy system');
    assert.ok(r.metrics!.notOwned > 0);
    const resync = await runFullResync({ db, connector, flags: flagsOn, applier: applier(), staleAfterSeconds: 30 }, { owner: 'test' });
    assert.ok(resync.skusWritten > 0);
    assert.equal(await exists(ROLLED_BACK), false, 'the resync too');
  });

  it('reconciliation fixes only owned SKUs', async () => {
    const a = applier();
    await runSyncCycle({ db, connector, flags: flagsOn, applier: a, staleAfterSeconds: 30 });
    const run = await reconcile(db, connector, a, { fix: true, defaultThreshold: 2, trigger: 'test' });
    assert.ok(run.byKind.missing_here >= 1, 'the rolled-back SKU is missing here, and reported');
    assert.equal(await exists(ROLLED_BACK), false, 'but not written');
  });

  it('push jobs: rows of a SKU the legacy system owns are skipped and counted; with the flag off nothing is written', async () => {
    await db.doc('ingestSources/erp').set({ canCreateSkus: true });
    const service = new IngestService(db, { enqueue: async () => undefined }, new FirestoreOfferCatalog(db));
    const rows = ['SKU-00001', ROLLED_BACK].map((sku, i) => ({ op: 'upsert', sku, locationId: 'wh-01', onHand: 5, seq: 100 + i, occurredAt: new Date().toISOString() }));
    const { jobId } = await service.accept({ source: 'erp', batchId: 'b1', updates: rows });
    await processIngestJob(db, applier(), jobId);
    assert.deepEqual([await exists('SKU-00001'), await exists(ROLLED_BACK)], [true, false]);
    assert.equal((await service.job(jobId)).notOwned, 1);
    const off = await service.accept({ source: 'erp', batchId: 'b2', updates: [{ ...rows[0]!, sku: 'SKU-00003' }] });
    await processIngestJob(db, applier(flagsOff), off.jobId);
    assert.equal(await exists('SKU-00003'), false, 'the feature flag is off: the legacy system owns everything');
  });

  it('the backfill CLI honours the rollout too (it used to force the flag on)', async () => {
    const root = path.resolve(__dirname, '../../..');
    await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'tools/backfill.ts')], {
      cwd: root,
      env: { ...process.env, WMS_BASE_URL: sim.url, WMS_API_KEY: sim.apiKey, GCLOUD_PROJECT: PROJECT_ID },
    });
    assert.equal(await exists('SKU-00001'), true);
    assert.equal(await exists(ROLLED_BACK), false);
  });
});
