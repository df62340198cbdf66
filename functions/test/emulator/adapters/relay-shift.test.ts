import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { RelayLease } from '../../../src/adapters/lease';
import { runShift, Wake } from '../../../src/adapters/relay-shift';

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

  it('a ring runs the next unit at once instead of at its due time, and a ring during a unit runs one more after it', async () => {
    const lease = new RelayLease(db, 'shift-c', 'one', 3000);
    const wake = new Wake();
    const starts: number[] = [];
    let ringDuringUnit = true;
    const born = Date.now();
    const shift = runShift(lease, { holdMs: 60_000, lifeMs: 2_500, wake }, async () => {
      starts.push(Date.now() - born);
      if (starts.length === 2 && ringDuringUnit) {
        ringDuringUnit = false;
        wake.ring();
      }
      // Next due in 10 s: only a ring brings a unit sooner.
      return Date.now() + 10_000;
    });
    await new Promise((r) => setTimeout(r, 800));
    const rang = Date.now() - born;
    wake.ring();
    const r = await shift;
    assert.equal(r.units, 3, `units at ${starts.join(', ')} ms; rang at ${rang} ms`);
    assert.ok(starts[0]! < 500, `the first unit at ${starts[0]} ms`);
    assert.ok(starts[1]! - rang >= 0 && starts[1]! - rang < 200, `the unit after the ring at ${rang} ms started at ${starts[1]} ms`);
    assert.ok(starts[2]! - starts[1]! < 200, `the ring during the second unit ran a third at ${starts[2]} ms`);
  });

  it('without a ring a unit waits for its due time', async () => {
    const lease = new RelayLease(db, 'shift-d', 'one', 3000);
    const r = await runShift(lease, { holdMs: 60_000, lifeMs: 1_500, wake: new Wake() }, async () => Date.now() + 10_000);
    assert.equal(r.units, 1);
  });
});
