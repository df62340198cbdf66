import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { runSyncShift, syncLeaseName } from '../../../src/sync/poll-loop';
import { startWms } from './sync-world';

describe('sync/poll-loop (emulator)', function () {
  this.timeout(30_000);
  const db = adminDb();
  beforeEach(clearFirestore);

  it('one shift polls at its interval under the connector’s lease, then releases it', async () => {
    const { sim, deps } = await startWms();
    try {
      assert.equal(syncLeaseName('wms'), 'sync-wms');
      const r = await runSyncShift(deps(), { intervalMs: 200, holdMs: 60_000, lifeMs: 10_000, owner: 'only', maxCycles: 3 });
      assert.equal(r.role, 'holder');
      assert.equal(r.cycles.length, 3);
      assert.equal(r.cycles[0]!.outcome, 'synced');
      for (let i = 1; i < r.cycleSpans.length; i++) assert.ok(r.cycleSpans[i]![0] >= r.cycleSpans[i - 1]![1], 'cycles never overlap');
      assert.equal((await db.doc('leases/sync-wms').get()).data()!.owner, null);
      assert.ok((await db.collection('inventory').count().get()).data().count > 0, 'the catalogue was loaded');
    } finally {
      await sim.close();
    }
  });

  it('an abort ends the shift after the cycle in progress', async () => {
    const { sim, deps } = await startWms();
    try {
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 300);
      const r = await runSyncShift(deps(), { intervalMs: 100, holdMs: 60_000, lifeMs: 20_000, owner: 'aborted', signal: stop.signal });
      assert.ok(r.cycles.length >= 1 && r.cycles.length < 20, `${r.cycles.length} cycles`);
    } finally {
      await sim.close();
    }
  });
});
