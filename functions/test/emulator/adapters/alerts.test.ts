import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { acknowledgeAlert, raiseOrResolve } from '../../../src/adapters/alerts';

describe('adapters/alerts (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);
  const doc = async (id: string) => (await db.doc(`alerts/${id}`).get()).data();

  it('a condition with a duration is pending first, opens once it held long enough, and resolves when it clears', async () => {
    const t = Date.now();
    const cond = (active: boolean) => [{ id: 'lag', active, fields: { kind: 'sync_lag', lagMs: 9000 }, forMs: 60_000 }];
    await raiseOrResolve(db, cond(true), t);
    assert.equal((await doc('lag'))!.status, 'pending');
    await raiseOrResolve(db, cond(true), t + 30_000);
    assert.equal((await doc('lag'))!.status, 'pending', 'not yet');
    await raiseOrResolve(db, cond(true), t + 60_000);
    assert.equal((await doc('lag'))!.status, 'open');
    await raiseOrResolve(db, cond(false), t + 90_000);
    const resolved = (await doc('lag'))!;
    assert.equal(resolved.status, 'resolved');
    assert.ok(resolved.expireAt, 'resolved alerts expire by TTL');
  });

  it('a pending condition that clears leaves no alert', async () => {
    const t = Date.now();
    await raiseOrResolve(db, [{ id: 'blip', active: true, fields: { kind: 'sync_lag' }, forMs: 60_000 }], t);
    await raiseOrResolve(db, [{ id: 'blip', active: false, fields: { kind: 'sync_lag' }, forMs: 60_000 }], t + 1000);
    assert.equal(await doc('blip'), undefined);
  });

  it('only an open alert is acknowledged, by the operator named', async () => {
    await raiseOrResolve(db, [{ id: 'oos', active: true, fields: { kind: 'out_of_stock', sku: 'A' } }]);
    assert.deepEqual(await acknowledgeAlert(db, 'oos', 'op-1'), { alertId: 'oos', status: 'open', acknowledgedBy: 'op-1' });
    assert.equal((await doc('oos'))!.acknowledgedBy, 'op-1');
    await assert.rejects(acknowledgeAlert(db, 'nope', 'op-1'), /no such alert/);
    await raiseOrResolve(db, [{ id: 'oos', active: false, fields: { kind: 'out_of_stock', sku: 'A' } }]);
    await assert.rejects(acknowledgeAlert(db, 'oos', 'op-1'), /the alert is resolved/);
  });
});
