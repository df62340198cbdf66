import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { RelayLease } from '../../../src/adapters/lease';
import { runShift } from '../../../src/adapters/relay-shift';

describe('adapters/relay-shift (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('a shift runs its units at their due times and releases the lease at the end of its life', async () => {
    const lease = new RelayLease(db, 'shift-a', 'one', 3000);
    const starts: number[] = [];
    const r = await runShift(lease, { holdMs: 60_000, lifeMs: 600 }, async () => {
      starts.push(Date.now());
      return Date.now() + 100;
    });
    assert.equal(r.role, 'holder');
    assert.equal(r.ended, 'released');
    assert.ok(r.units >= 2 && r.units <= 8, `ran ${r.units} units in 600 ms at 100 ms apart`);
    assert.equal(r.units, starts.length);
    assert.equal((await db.doc('leases/shift-a').get()).data()!.owner, null);
  });

  it('two overlapping shifts never run a unit at the same time; the second takes over by handover', async () => {
    let running = 0;
    let overlap = false;
    const unit = async () => {
      running++;
      if (running > 1) overlap = true;
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return Date.now() + 50;
    };
    const first = runShift(new RelayLease(db, 'shift-b', 'first', 3000), { holdMs: 300, lifeMs: 1500, standbyPollMs: 50, handoverCheckMs: 100 }, unit);
    await new Promise((r) => setTimeout(r, 100));
    const second = runShift(new RelayLease(db, 'shift-b', 'second', 3000), { holdMs: 60_000, lifeMs: 1500, standbyPollMs: 50, handoverCheckMs: 100 }, unit);
    const [a, b] = await Promise.all([first, second]);
    assert.equal(overlap, false);
    assert.equal(a.ended, 'handed_over');
    assert.equal(b.stoodBy, true);
    assert.equal(b.role, 'holder');
    assert.ok(a.units > 0 && b.units > 0);
  });
});
