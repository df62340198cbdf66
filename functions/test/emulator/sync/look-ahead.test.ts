import assert from 'node:assert/strict';
import { clearFirestore } from '../helpers';
import { lookAhead } from '../../../src/sync/look-ahead';
import { LocationChange } from '../../../src/domain/sequence';
import { startWms } from './sync-world';

describe('sync/look-ahead (WMS simulator)', function () {
  this.timeout(20_000);
  beforeEach(clearFirestore);

  it('rows that arrive during the apply join SKUs not yet written; the rest are handed on with the cursor', async () => {
    const { sim, deps } = await startWms(10, 2);
    try {
      const connector = deps().connector;
      const first = await connector.fetchChanges(null, 1000, Date.now() + 5000);
      const owned = new Map<string, LocationChange[]>();
      for (const c of first.changes) (owned.get(c.sku) ?? owned.set(c.sku, []).get(c.sku)!).push(c);
      const la = lookAhead({ connector, everyMs: 50, now: Date.now }, first.nextCursor, 100, Date.now() + 10_000, 10_000, owned);
      la.merge(['SKU-00001']); // written already: its later changes wait for the next cycle
      const before = owned.get('SKU-00002')!.length;
      const locOf = (sku: string) => [...sim.positions.keys()].find((k) => k.startsWith(`${sku}|`))!.split('|')[1]!;
      sim.set('SKU-00001', locOf('SKU-00001'), 77);
      sim.set('SKU-00002', locOf('SKU-00002'), 42);
      await new Promise((r) => setTimeout(r, 300));
      la.merge(['SKU-00002']);
      const { merged, rest } = la.stop();
      assert.equal(merged, 1);
      assert.equal(owned.get('SKU-00002')!.length, before + 1);
      assert.equal(owned.get('SKU-00002')!.at(-1)!.onHand, 42);
      assert.deepEqual(rest.changes.map((c) => [c.sku, c.onHand]), [['SKU-00001', 77]]);
      assert.notEqual(rest.cursor, first.nextCursor, 'the cursor moved past what was read ahead');
    } finally {
      await sim.close();
    }
  });

  it('everyMs 0 reads nothing', async () => {
    const { sim, deps } = await startWms(5, 1);
    try {
      const la = lookAhead({ connector: deps().connector, everyMs: 0, now: Date.now }, null, 100, Date.now() + 5000, 100, new Map());
      await new Promise((r) => setTimeout(r, 100));
      const { rest } = la.stop();
      assert.deepEqual([rest.cursor, rest.changes.length], [null, 0]);
      assert.equal(sim.requests, 0);
    } finally {
      await sim.close();
    }
  });
});
