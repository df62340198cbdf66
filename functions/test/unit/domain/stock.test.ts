import assert from 'node:assert/strict';
import fc from 'fast-check';
import { levels, statusFor } from '../../../src/domain/stock';

describe('domain/stock', () => {
  it('derives available, status and shortfall', () => {
    assert.deepEqual(levels(10, 3, 5), { onHand: 10, reserved: 3, available: 7, status: 'in_stock', shortfall: 0 });
    assert.deepEqual(levels(8, 3, 5), { onHand: 8, reserved: 3, available: 5, status: 'low_stock', shortfall: 0 });
    assert.deepEqual(levels(2, 5, 5), { onHand: 2, reserved: 5, available: 0, status: 'out_of_stock', shortfall: 3 });
    assert.deepEqual(levels(0, 0, 0), { onHand: 0, reserved: 0, available: 0, status: 'out_of_stock', shortfall: 0 });
  });

  it('uses the threshold inclusively', () => {
    assert.equal(statusFor(5, 5), 'low_stock');
    assert.equal(statusFor(6, 5), 'in_stock');
    assert.equal(statusFor(1, 0), 'in_stock');
  });

  it('rejects negative or fractional counts', () => {
    assert.throws(() => levels(-1, 0, 5), /onHand/);
    assert.throws(() => levels(1.5, 0, 5), /onHand/);
    assert.throws(() => levels(1, -2, 5), /reserved/);
  });

  it('holds available = max(0, onHand - reserved) for any counts', () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e9), fc.nat(100), (onHand, reserved, t) => {
        const l = levels(onHand, reserved, t);
        assert.equal(l.available, Math.max(0, onHand - reserved));
        assert.equal(l.available - l.shortfall, onHand - reserved);
        assert.equal(l.status === 'out_of_stock', l.available === 0);
      }),
    );
  });
});
