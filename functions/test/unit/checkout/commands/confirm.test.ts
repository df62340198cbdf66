import assert from 'node:assert/strict';
import { state, world, hold, value, code } from './working-set';
import { reserve } from '../../../../src/checkout/commands/reserve';
import { confirm } from '../../../../src/checkout/commands/confirm';

describe('checkout/commands/confirm', () => {
  it('confirm sells the given lines and releases the rest; a retry answers the same; another payment is refused', () => {
    const w = world({ A: state('A', 5), B: state('B', 5) });
    reserve(w.ctx, hold('u1', [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }]));
    const over = confirm(w.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p1', lines: [{ sku: 'A', quantity: 3 }] });
    assert.equal(code(over), 'invalid-argument');
    const v = value(confirm(w.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p1', lines: [{ sku: 'A', quantity: 1 }] }));
    assert.deepEqual([v.committedItems, v.releasedItems], [[{ sku: 'A', quantity: 1 }], [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }]]);
    assert.deepEqual([w.reserved('A'), w.reserved('B'), w.available('A'), w.available('B')], [0, 0, 4, 5]);
    assert.deepEqual(w.fulfilled.get('r1')!.lines, [{ sku: 'A', quantity: 1, allocations: [{ locationId: 'wh-01', quantity: 1 }] }]);
    assert.deepEqual(value(confirm(w.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p1' })).committedItems, [{ sku: 'A', quantity: 1 }]);
    assert.equal(code(confirm(w.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p2' })), 'failed-precondition');
  });

});
