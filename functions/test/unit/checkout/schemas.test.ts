import assert from 'node:assert/strict';
import { confirmInput, MAX_LINES, MAX_QUANTITY, reserveCartInput, validateCartInput } from '../../../src/checkout/schemas';
import { fieldErrors } from '../../../src/zod-errors';

const refusal = (r: { success: boolean; error?: unknown }) => (r.success ? [] : fieldErrors(r.error as never).map((e) => e.field));

describe('checkout/schemas', () => {
  it('a cart: 1 to 100 lines of whole quantities, at most 1,000 units per SKU summed over its lines', () => {
    assert.equal(validateCartInput.safeParse({ items: [{ sku: 'A', quantity: 1 }] }).success, true);
    assert.deepEqual(refusal(validateCartInput.safeParse({ items: [] })), ['items']);
    assert.deepEqual(refusal(validateCartInput.safeParse({ items: [{ sku: 'A', quantity: 1.5 }] })), ['items[0].quantity']);
    assert.deepEqual(refusal(validateCartInput.safeParse({ items: [{ sku: 'A', quantity: 0 }] })), ['items[0].quantity']);
    assert.deepEqual(refusal(validateCartInput.safeParse({ items: [{ sku: 'a/b', quantity: 1 }] })), ['items[0].sku']);
    assert.deepEqual(refusal(validateCartInput.safeParse({ items: Array.from({ length: MAX_LINES + 1 }, (_, i) => ({ sku: `S${i}`, quantity: 1 })) })), ['items']);
    const split = validateCartInput.safeParse({ items: [{ sku: 'A', quantity: MAX_QUANTITY }, { sku: 'A', quantity: 1 }] });
    assert.deepEqual(refusal(split), ['items']);
    assert.match(JSON.stringify(split.error), /A sums to 1001 units/);
  });

  it('unknown fields are refused, not ignored', () => {
    assert.deepEqual(refusal(reserveCartInput.safeParse({ cartId: 'c1', items: [{ sku: 'A', quantity: 1 }], coupon: 'x' })), ['(input)']);
    assert.deepEqual(refusal(confirmInput.safeParse({ reservationId: 'r1', paymentId: 'p1', lines: [] })), ['lines']);
  });
});
