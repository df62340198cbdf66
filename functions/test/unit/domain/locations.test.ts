import assert from 'node:assert/strict';
import { effectiveOnHand, pruneReflected, totalOnHand, unreflected } from '../../../src/domain/locations';

describe('domain/locations', () => {
  const sales = [{ saleId: 's1', quantity: 2, ackSeq: 10 }, { saleId: 's2', quantity: 3 }] as never[];

  it('a WMS count at seq reflects the sales acknowledged at or before it, not the others', () => {
    assert.equal(unreflected(sales, 9), 5);
    assert.equal(unreflected(sales, 10), 3);
    assert.equal(unreflected(undefined, 10), 0);
    assert.deepEqual(pruneReflected(sales, 10), [sales[1]]);
    assert.equal(effectiveOnHand(10, sales, 9), 5);
    assert.equal(effectiveOnHand(1, sales, 9), 0, 'never negative');
    assert.throws(() => effectiveOnHand(-1, [], 0), /wmsOnHand/);
  });

  it('on hand is the sum over locations', () => {
    assert.equal(totalOnHand({}), 0);
    assert.equal(totalOnHand({ a: { onHand: 2 }, b: { onHand: 5 } } as never), 7);
  });
});
