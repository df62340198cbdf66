import assert from 'node:assert/strict';
import { endHold, fail, ok, ownReservation } from '../../../../src/checkout/commands/context';
import { held, state, world } from './working-set';

describe('checkout/commands/context', () => {
  it('a reservation is its owner’s: unknown is not-found, another uid is refused, system commands pass', () => {
    const w = world({ A: state('A', 5) });
    const r = held(w);
    assert.equal('res' in ownReservation(w.ctx, { type: 'extend', reservationId: 'r1', uid: 'u1', ttlSeconds: 60 }), true);
    const other = ownReservation(w.ctx, { type: 'extend', reservationId: 'r1', uid: 'u2', ttlSeconds: 60 });
    assert.equal('refused' in other && !other.refused.result.ok && other.refused.result.code, 'permission-denied');
    const none = ownReservation(w.ctx, { type: 'expire', reservationId: 'nope', dueAt: 0 });
    assert.equal('refused' in none && !none.refused.result.ok && none.refused.result.code, 'not-found');
    assert.equal('res' in ownReservation(w.ctx, { type: 'expire', reservationId: 'r1', dueAt: 0 }), true);
    assert.equal(r.uid, 'u1');
  });

  it("ending a hold gives the shopper's open hold and units back, never below zero", () => {
    const w = world({ A: state('A', 5) });
    const r = held(w);
    assert.deepEqual(w.ctx.shopper('u1'), { uid: 'u1', openHolds: 1, units: { A: 2 } });
    endHold(w.ctx, r);
    assert.deepEqual(w.ctx.shopper('u1'), { uid: 'u1', openHolds: 0, units: { A: 0 } });
    endHold(w.ctx, r);
    assert.deepEqual(w.ctx.shopper('u1'), { uid: 'u1', openHolds: 0, units: { A: 0 } });
  });

  it('ok and fail build the results commands answer with', () => {
    assert.deepEqual(ok({ a: 1 }), { result: { ok: true, value: { a: 1 } } });
    assert.deepEqual(fail('not-found', 'gone'), { result: { ok: false, code: 'not-found', message: 'gone' } });
    assert.deepEqual(fail('failed-precondition', 'no', { x: 1 }).result, { ok: false, code: 'failed-precondition', message: 'no', details: { x: 1 } });
  });
});
