import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffOffers, massChange, NO_DIFF } from '../../../src/domain/feed-guard';
import { emptyState, StockState } from '../../../src/domain/inventory';

const offer = (amount = 100) => ({ vendorId: 'v', vendorSku: 'x', productId: 'p', condition: 'NM' as const, language: 'en', foil: false, signed: false, price: { amount, currency: 'EUR' } });
function state(units: Record<string, number>, price?: number): StockState {
  const s = emptyState('v~x', 2);
  for (const [loc, n] of Object.entries(units)) s.locations[loc] = { onHand: n, wmsOnHand: n, seq: 1, syncedAt: 0 };
  if (price !== undefined) s.offer = offer(price);
  return s;
}

describe('domain/feed-guard', () => {
  it('counts offers created, changed, zeroed and deleted, and the units added and removed', () => {
    const d = diffOffers([
      { before: null, after: state({ a: 3 }, 100) },
      { before: state({ a: 2 }, 100), after: state({ a: 2 }, 120) },
      { before: state({ a: 4, b: 1 }, 100), after: state({ a: 0, b: 0 }, 100) },
      { before: state({ a: 5 }, 100), after: state({}, 100) },
      { before: state({ a: 1 }, 100), after: state({ a: 6 }, 100) },
    ]);
    assert.deepEqual(d, { offersCreated: 1, offersChanged: 1, offersZeroed: 1, offersDeleted: 1, unitsAdded: 3 + 5, unitsRemoved: 5 + 5 });
  });

  it('a small vendor’s ordinary sales are never held, whatever their share', () => {
    assert.equal(massChange({ ...NO_DIFF, offersZeroed: 1, unitsRemoved: 1 }, { offers: 2, units: 3 }, 30).hold, false);
    assert.equal(massChange({ ...NO_DIFF, offersZeroed: 4, unitsRemoved: 49 }, { offers: 4, units: 49 }, 30).hold, false, 'under both floors');
    assert.equal(massChange({ ...NO_DIFF, offersZeroed: 5 }, { offers: 5, units: 100 }, 30).hold, true, 'five offers: the floor');
  });

  it('holds a batch over the share of offers or of units, and says why; within it, passes', () => {
    const totals = { offers: 10, units: 100 };
    assert.deepEqual(massChange(NO_DIFF, totals, 30).hold, false);
    const truncated = massChange({ ...NO_DIFF, offersZeroed: 7, unitsRemoved: 20 }, totals, 30);
    assert.equal(truncated.hold, true);
    assert.deepEqual(truncated.reasons, ['would zero or delete 7 of 10 listed offers (70%, more than 30%)']);
    const units = massChange({ ...NO_DIFF, unitsRemoved: 62 }, { offers: 10, units: 200 }, 30);
    assert.deepEqual([units.hold, units.reasons], [true, ['would remove 62 of 200 units (31%, more than 30%)']]);
    assert.equal(massChange({ ...NO_DIFF, offersZeroed: 6, unitsRemoved: 60 }, { offers: 20, units: 200 }, 30).hold, false, 'exactly the limit passes');
    assert.equal(massChange({ ...NO_DIFF, offersZeroed: 3 }, { offers: 0, units: 0 }, 30).hold, false, 'nothing listed: nothing to lose');
    assert.equal(massChange({ ...NO_DIFF, offersDeleted: 10, unitsRemoved: 100 }, totals, 100).hold, false, '100%: never');
  });

  it('property: holds exactly when a share exceeds the limit; a larger listing never holds what a smaller one passed', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(500), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 1000 }), fc.nat(100), fc.nat(1000), (zeroed, deleted, removed, percent, offers, units, moreOffers, moreUnits) => {
        const diff = { ...NO_DIFF, offersZeroed: zeroed, offersDeleted: deleted, unitsRemoved: removed };
        const v = massChange(diff, { offers, units }, percent);
        assert.equal(v.hold, ((zeroed + deleted) / offers > percent / 100 && zeroed + deleted >= 5) || (removed / units > percent / 100 && removed >= 50));
        if (!v.hold) assert.equal(massChange(diff, { offers: offers + moreOffers, units: units + moreUnits }, percent).hold, false);
      }),
    );
  });
});
