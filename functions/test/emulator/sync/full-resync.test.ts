import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { runSyncCycle } from '../../../src/sync/sync-cycle';
import { runFullResync } from '../../../src/sync/full-resync';
import { startWms } from './sync-world';

describe('sync/full-resync (emulator)', function () {
  this.timeout(30_000);
  const db = adminDb();
  beforeEach(clearFirestore);

  it('corrects a count that drifted from the WMS at the same seq, and reports it', async () => {
    const { sim, deps } = await startWms(10, 2);
    try {
      await runSyncCycle(deps());
      const doc = (await db.doc('inventory/SKU-00003').get()).data()!;
      const loc = Object.keys(doc.locations)[0]!;
      const truth = doc.locations[loc].onHand as number;
      await db.doc('inventory/SKU-00003').update({ [`locations.${loc}.onHand`]: truth + 50, [`locations.${loc}.wmsOnHand`]: truth + 50 });
      const r = await runFullResync(deps(), { owner: 'test', pageSize: 4 });
      assert.equal(r.drift, 1);
      assert.equal((await db.doc('inventory/SKU-00003').get()).data()!.locations[loc].onHand, truth);
    } finally {
      await sim.close();
    }
  });
});
