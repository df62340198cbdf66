import assert from 'node:assert/strict';
import { NOW, code, held, state, value, world } from './working-set';
import { confirm } from '../../../../src/checkout/commands/confirm';
import { expire } from '../../../../src/checkout/commands/release';

describe('checkout/commands/release', () => {
  it('expire gives the units back when due, not when the hold was extended since; release is final', () => {
    const w = world({ A: state('A', 5) });
    held(w);
    assert.deepEqual(value(expire(w.ctx, { type: 'expire', reservationId: 'r1', dueAt: NOW })), { state: 'held', notDue: true });
    const due = world({ A: w.ctx.stock('A').state }, { r1: w.res.get('r1')! }, 'direct', NOW + 900_000);
    assert.equal(value(expire(due.ctx, { type: 'expire', reservationId: 'r1', dueAt: NOW + 900_000 })).state, 'expired');
    assert.equal(due.reserved('A'), 0);
    assert.equal(due.res.get('r1')!.reason, 'expired');
    assert.equal(code(confirm(due.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p' })), 'failed-precondition');
  });

});
