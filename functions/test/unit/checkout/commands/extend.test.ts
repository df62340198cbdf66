import assert from 'node:assert/strict';
import { NOW, state, world, value, code, held } from './working-set';
import { extend } from '../../../../src/checkout/commands/extend';

describe('checkout/commands/extend', () => {
  it('extend pushes the expiry out, never past the maximum lifetime', () => {
    const w = world({ A: state('A', 5) });
    held(w);
    const later = world({ A: state('A', 5) }, { r1: w.res.get('r1')! }, 'direct', NOW + 2_000_000);
    const v = value(extend(later.ctx, { type: 'extend', reservationId: 'r1', uid: 'u1', ttlSeconds: 900 }));
    assert.equal(v.capped, true);
    assert.equal(v.expiresAt, new Date(NOW + 2_700_000).toISOString());
    assert.equal(code(extend(later.ctx, { type: 'extend', reservationId: 'r1', uid: 'mallory', ttlSeconds: 900 })), 'permission-denied');
    assert.equal(code(extend(later.ctx, { type: 'extend', reservationId: 'nope', uid: 'u1', ttlSeconds: 900 })), 'not-found');
  });

});
