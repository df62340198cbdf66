import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { allocationConfigSchema, forgetAllocation, loadAllocation, saveAllocation } from '../../../src/adapters/allocation-config';
import { allocationInForce } from '../../../src/stock/channel-view';
import { DEFAULT_ALLOCATION } from '../../../src/domain/allocation';

describe('adapters/allocation-config (emulator)', () => {
  const db = adminDb();
  beforeEach(async () => {
    await clearFirestore();
    forgetAllocation();
  });
  after(() => forgetAllocation());

  it('no document: the built-in default (one online channel over every location), not configured', async () => {
    const r = await loadAllocation(db);
    assert.deepEqual(r.cfg, DEFAULT_ALLOCATION);
    assert.equal(r.configured, false);
  });

  it('a saved config is in force at once, here and (after the cache) in another instance; defaults fill each location', async () => {
    const cfg = allocationConfigSchema.parse({
      channels: { online: { locations: ['wh-1', 'store-1'], strategy: 'nearest' }, 'store-1': { kind: 'store', locations: ['store-1'] } },
      locations: { 'wh-1': { priority: 1, lat: 52.5, lng: 13.4 }, 'store-1': { kind: 'store', leadTimeDays: 2 } },
      defaultChannel: 'online',
    });
    await saveAllocation(db, cfg, 'olga');
    assert.equal(allocationInForce().configured, true);
    assert.deepEqual(allocationInForce().cfg.locations['store-1'], { kind: 'store', priority: 100, safetyStock: 0, leadTimeDays: 2, safetyDays: 3 });
    forgetAllocation();
    const other = await loadAllocation(db);
    assert.equal(other.configured, true);
    assert.equal(other.cfg.channels.online!.strategy, 'nearest');
    assert.equal((await db.doc('allocationConfig/current').get()).data()!.updatedBy, 'olga');
  });

  it('bad input names the field; a stored document that stops parsing keeps the last good config', async () => {
    const bad = allocationConfigSchema.safeParse({ channels: { s: { kind: 'store', locations: ['nowhere'], strategy: 'closest' } }, defaultChannel: 'x' });
    assert.equal(bad.success, false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('channels.s.strategy'), paths.join());
    await saveAllocation(db, allocationConfigSchema.parse({ channels: { web: {} }, defaultChannel: 'web' }), 'olga');
    await db.doc('allocationConfig/current').set({ config: { channels: 'broken' } });
    const r = await loadAllocation(db, Date.now() + 10_000);
    assert.deepEqual(Object.keys(r.cfg.channels), ['web']);
  });
});
