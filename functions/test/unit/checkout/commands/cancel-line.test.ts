import assert from 'node:assert/strict';
import { state, world, value, code, held } from './working-set';
import { confirm } from '../../../../src/checkout/commands/confirm';
import { cancelLine } from '../../../../src/checkout/commands/cancel-line';

describe('checkout/commands/cancel-line', () => {
  it('cancelLine returns sold units at the locations they came from, never more than were sold', () => {
    const w = world({ A: state('A', 5) });
    held(w);
    assert.equal(code(cancelLine(w.ctx, { type: 'cancelLine', reservationId: 'r1', sku: 'A', quantity: 1, reason: 'x', operator: 'op' })), 'failed-precondition', 'not sold yet');
    value(confirm(w.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p1' }));
    assert.equal(w.available('A'), 3);
    value(cancelLine(w.ctx, { type: 'cancelLine', reservationId: 'r1', sku: 'A', quantity: 1, reason: 'damaged', operator: 'op' }));
    assert.equal(w.available('A'), 4);
    assert.equal(code(cancelLine(w.ctx, { type: 'cancelLine', reservationId: 'r1', sku: 'A', quantity: 2, reason: 'x', operator: 'op' })), 'failed-precondition');
    assert.deepEqual(w.res.get('r1')!.cancelledItems, [{ sku: 'A', quantity: 1, operator: 'op', reason: 'damaged' }], 'the operator is on the record');
    assert.equal(w.ctx.stock('A').events.at(-1)!.data.actor, 'op', 'and on the event');
  });

});
