import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { startWms } from './sync-world';
import { WmsSimulator } from '../../../tools/wms-simulator';
import { runSyncCycle, SyncDeps } from '../../../src/sync/sync-cycle';
import { runFullResync } from '../../../src/sync/full-resync';

const db = adminDb();

describe('sync with a versioned WMS contract (emulator, the simulator serving each version)', function () {
  this.timeout(60_000);
  let sim: WmsSimulator;
  let deps: (over?: Partial<SyncDeps>) => SyncDeps;

  beforeEach(async () => {
    await clearFirestore();
    ({ sim, deps } = await startWms(20, 3));
  });
  afterEach(() => sim.close());

  const onHand = async (sku: string, loc: string) => ((await db.doc(`inventory/${sku}`).get()).data()?.locations?.[loc]?.onHand as number | undefined) ?? null;
  const alert = async () => (await db.doc('alerts/wms-contract-wms').get()).data();
  const loc1 = () => [...sim.positions.keys()].find((k) => k.startsWith('SKU-00001|'))!.split('|')[1]!;

  it('reads v2 pages (an added field) as it reads v1, and records the version in use', async () => {
    sim.schema = { version: 2, rename: {} };
    const r = await runSyncCycle(deps());
    assert.equal(r.outcome, 'synced');
    assert.equal(r.metrics?.rejected, 0);
    assert.equal((await db.doc('syncHealth/wms').get()).data()!.schemaVersion, 2);
    const loc = loc1();
    sim.set('SKU-00001', loc, 41);
    sim.schema = { version: 1, rename: {} };
    assert.equal((await runSyncCycle(deps())).outcome, 'synced');
    assert.equal(await onHand('SKU-00001', loc), 41);
    assert.equal((await db.doc('syncHealth/wms').get()).data()!.schemaVersion, 1);
  });

  it('stops on a version it does not speak, with an alert naming it; applies nothing, quarantines nothing; resumes with nothing lost', async () => {
    assert.equal((await runSyncCycle(deps())).outcome, 'synced');
    const cursor = (await db.doc('syncState/wms').get()).data()!.cursor;
    const loc = loc1();
    sim.set('SKU-00001', loc, 77);
    sim.schema = { version: 3, rename: {} };
    const r = await runSyncCycle(deps());
    assert.equal(r.outcome, 'failed');
    assert.match(r.error!, /WMS schema v3 not supported \(this connector speaks v1, v2\)/);
    const a = await alert();
    assert.equal(a?.status, 'open');
    assert.equal(a?.kind, 'wms_contract');
    assert.equal(a?.version, '3');
    assert.match(a?.detail, /WMS schema v3 not supported/);
    const status = (await db.doc('syncStatus/wms').get()).data()!;
    assert.equal(status.state, 'contract_mismatch');
    assert.equal(status.lastError, 'the inventory system answered in a format this system does not read');
    assert.equal((await db.doc('syncHealth/wms').get()).data()!.contractError.kind, 'unsupported_version');
    assert.equal((await db.doc('syncState/wms').get()).data()!.cursor, cursor, 'the cursor waits');
    assert.equal((await db.collection('syncRejects').count().get()).data().count, 0, 'no row quarantined');
    assert.notEqual(await onHand('SKU-00001', loc), 77);

    sim.schema = { version: 2, rename: {} };
    // The breaker may hold the next cycle off for its cooldown; the one after probes.
    let out = await runSyncCycle(deps({ breaker: { threshold: 3, cooldownMs: 0 } }));
    if (out.outcome !== 'synced') out = await runSyncCycle(deps({ breaker: { threshold: 3, cooldownMs: 0 } }));
    assert.equal(out.outcome, 'synced');
    assert.equal(await onHand('SKU-00001', loc), 77, 'the change made during the mismatch arrives');
    assert.equal((await alert())?.status, 'resolved');
  });

  it('stops on an unannounced shape change (onHand renamed) instead of quarantining every row', async () => {
    await runSyncCycle(deps());
    const loc = loc1();
    sim.set('SKU-00001', loc, 55);
    sim.set('SKU-00002', loc, 56);
    sim.schema = { version: 1, rename: { onHand: 'quantity' } };
    const r = await runSyncCycle(deps());
    assert.equal(r.outcome, 'failed');
    assert.match(r.error!, /WMS rows no longer match schema v1: 2 of 2 lack `onHand` and carry `quantity` instead/);
    assert.equal((await alert())?.contractKind, 'shape_changed');
    assert.equal((await db.collection('syncRejects').count().get()).data().count, 0);
    sim.schema = { version: 1, rename: {} };
    assert.equal((await runSyncCycle(deps({ breaker: { threshold: 3, cooldownMs: 0 } }))).outcome, 'synced');
    assert.equal(await onHand('SKU-00002', loc), 56);
  });

  it('malformed rows under a version it speaks are still quarantined, and the sync goes on', async () => {
    sim.schema = { version: 2, rename: {} };
    sim.faults = { ...sim.faults, malformedRate: 0.2 };
    const r = await runSyncCycle(deps());
    assert.equal(r.outcome, 'synced');
    assert.ok((r.metrics?.rejected ?? 0) > 0);
    assert.equal(await alert(), undefined);
  });

  it('a full resync refuses a snapshot in a version it does not speak, and writes nothing', async () => {
    sim.schema = { version: 3, rename: {} };
    await assert.rejects(runFullResync(deps(), { owner: 'test' }), /WMS schema v3 not supported/);
    assert.equal((await db.collection('inventory').count().get()).data().count, 0);
  });
});
