import assert from 'node:assert/strict';
import { verdict } from '../../../src/checkout/availability';

describe('checkout/availability', () => {
  it('one line: unknown, out of stock, short or fine', () => {
    assert.deepEqual(verdict('A', 2, false, 9), { sku: 'A', requested: 2, available: 0, status: 'unknown_sku' });
    assert.deepEqual(verdict('A', 2, true, 0), { sku: 'A', requested: 2, available: 0, status: 'out_of_stock' });
    assert.deepEqual(verdict('A', 2, true, -3), { sku: 'A', requested: 2, available: 0, status: 'out_of_stock' }, 'never a negative figure to a shopper');
    assert.deepEqual(verdict('A', 2, true, 1), { sku: 'A', requested: 2, available: 1, status: 'insufficient' });
    assert.deepEqual(verdict('A', 2, true, 2), { sku: 'A', requested: 2, available: 2, status: 'ok' });
  });
});
