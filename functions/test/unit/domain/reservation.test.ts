import assert from 'node:assert/strict';
import fc from 'fast-check';
import { combineLines, transition, RESERVATION_STATES, ReservationAction } from '../../../src/domain/reservation';

describe('domain/reservation', () => {
  it('moves held to each terminal state', () => {
    assert.deepEqual(transition('held', 'commit'), { ok: true, next: 'committed', changed: true });
    assert.deepEqual(transition('held', 'release'), { ok: true, next: 'released', changed: true });
    assert.deepEqual(transition('held', 'expire'), { ok: true, next: 'expired', changed: true });
  });

  it('is idempotent on repeats', () => {
    assert.deepEqual(transition('committed', 'commit'), { ok: true, next: 'committed', changed: false });
    assert.deepEqual(transition('released', 'release'), { ok: true, next: 'released', changed: false });
    assert.deepEqual(transition('expired', 'expire'), { ok: true, next: 'expired', changed: false });
  });

  it('refuses to sell what was released or expired, and to release a sale', () => {
    assert.equal(transition('expired', 'commit').ok, false);
    assert.equal(transition('released', 'commit').ok, false);
    assert.equal(transition('committed', 'release').ok, false);
  });

  it('never leaves a terminal state', () => {
    const actions: ReservationAction[] = ['commit', 'release', 'expire'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...actions), { maxLength: 20 }), (seq) => {
        let s: (typeof RESERVATION_STATES)[number] = 'held';
        let changes = 0;
        for (const a of seq) {
          const t = transition(s, a);
          if (t.ok) {
            if (t.changed) changes++;
            s = t.next;
          }
        }
        assert.ok(changes <= 1, 'at most one real transition');
        assert.equal(changes === 0, s === 'held');
      }),
    );
  });

  it('sums lines of the same SKU', () => {
    assert.deepEqual(combineLines([{ sku: 'a', quantity: 1 }, { sku: 'b', quantity: 2 }, { sku: 'a', quantity: 1 }]), [
      { sku: 'a', quantity: 2 },
      { sku: 'b', quantity: 2 },
    ]);
  });
});
