import assert from 'node:assert/strict';
import { commandId, unwrap } from '../../../src/checkout/command';
import { CheckoutError } from '../../../src/checkout/errors';

describe('checkout/command', () => {
  it('unwrap: the value, or the refusal as a CheckoutError with its details', () => {
    assert.deepEqual(unwrap({ ok: true, value: { state: 'held' } }), { state: 'held' });
    assert.throws(() => unwrap({ ok: false, code: 'not-found', message: 'gone', details: { id: 'r1' } }), (e: unknown) => e instanceof CheckoutError && e.code === 'not-found' && e.details?.id === 'r1');
  });

  it("ids: a retry is the same command; another user's attempt, another deadline or other lines are not", () => {
    const reserve = { type: 'reserve' as const, reservationId: 'r1', uid: 'u1', cartId: 'c', items: [], ttlSeconds: 1, maxLifetimeSeconds: 2 };
    assert.equal(commandId(reserve), commandId({ ...reserve }));
    assert.notEqual(commandId(reserve), commandId({ ...reserve, uid: 'u2' }));
    assert.notEqual(commandId({ type: 'expire', reservationId: 'r1', dueAt: 1 }), commandId({ type: 'expire', reservationId: 'r1', dueAt: 2 }));
    const confirm = { type: 'confirm' as const, reservationId: 'r1', uid: 'u1', paymentId: 'p' };
    assert.equal(commandId(confirm), commandId({ ...confirm }));
    assert.notEqual(commandId({ ...confirm, lines: [{ sku: 'A', quantity: 1 }] }), commandId({ ...confirm, lines: [{ sku: 'A', quantity: 2 }] }));
    const extend = { type: 'extend' as const, reservationId: 'r1', uid: 'u1', ttlSeconds: 60 };
    assert.notEqual(commandId(extend), commandId(extend), 'each extension is its own request');
  });
});
