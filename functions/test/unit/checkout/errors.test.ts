import assert from 'node:assert/strict';
import { CheckoutError } from '../../../src/checkout/errors';
import { DomainError } from '../../../src/errors';

describe('checkout/errors', () => {
  it('a checkout refusal is a domain error, so every edge maps it', () => {
    const e = new CheckoutError('resource-exhausted', 'slow down', { retryAfterSeconds: 3 });
    assert.ok(e instanceof DomainError);
    assert.deepEqual([e.code, e.message, e.details], ['resource-exhausted', 'slow down', { retryAfterSeconds: 3 }]);
  });
});
