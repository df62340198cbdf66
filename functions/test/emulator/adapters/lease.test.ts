import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { haltRelay, RelayLease } from '../../../src/adapters/lease';

describe('adapters/lease (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('one holder; the next arrival stands by and takes the lease when it is handed over', async () => {
    let now = 1_000_000;
    const a = new RelayLease(db, 'test-relay', 'a', 30_000, () => now);
    const b = new RelayLease(db, 'test-relay', 'b', 30_000, () => now);
    assert.deepEqual(await a.arrive(), { kind: 'hold', nextDueAt: null });
    assert.deepEqual(await b.arrive(), { kind: 'stand_by' });
    assert.equal((await b.checkTurn(false)).kind, 'wait');
    now += 1000;
    assert.equal(await a.renew(true, now + 5000), 'handed_over');
    assert.equal(await a.renew(false, null), 'lost', 'the old holder learns it no longer holds');
    const lease = (await db.doc('leases/test-relay').get()).data()!;
    assert.equal(lease.owner, 'b');
    assert.equal(lease.handedOverBy, 'a');
  });

  it('a dead holder (its lease expired) is taken over; tryHold is plain mutual exclusion', async () => {
    let now = 5_000_000;
    const a = new RelayLease(db, 'test-mutex', 'a', 10_000, () => now);
    const b = new RelayLease(db, 'test-mutex', 'b', 10_000, () => now);
    assert.equal(await a.tryHold(), true);
    assert.equal(await b.tryHold(), false);
    now += 10_001;
    assert.equal(await b.tryHold(), true);
    assert.equal(await a.renew(false, null), 'lost');
    assert.equal(await b.release(null), 'keep');
    assert.equal(await a.tryHold(), true, 'released: free at once');
  });

  it('a halted relay sends newcomers away', async () => {
    await haltRelay(db, 'test-halted', 60_000);
    const r = await new RelayLease(db, 'test-halted', 'c', 30_000).arrive();
    assert.equal(r.kind, 'leave');
  });
});
