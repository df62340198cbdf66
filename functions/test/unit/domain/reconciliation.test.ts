import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareSku, STALE_PRODUCT_MS } from '../../../src/domain/reconciliation';
import { emptyState, StockState } from '../../../src/domain/inventory';
import { LocationChange } from '../../../src/domain/sequence';

const AT = 1_800_000_000_000;
function ours(positions: Record<string, [number, number, number?]>, syncedAt: number | null = AT): StockState {
  const s = emptyState('A', 2);
  for (const [loc, [onHand, seq, wmsOnHand]] of Object.entries(positions)) s.locations[loc] = { onHand, wmsOnHand: wmsOnHand ?? onHand, seq, syncedAt: AT };
  s.syncedAt = syncedAt;
  return s;
}
const wms = (positions: Record<string, [number, number]>): LocationChange[] =>
  Object.entries(positions).map(([locationId, [onHand, seq]]) => ({ sku: 'A', locationId, onHand, seq, updatedAt: AT, deleted: false }));

describe('domain/reconciliation compareSku', () => {
  it('names each kind of difference per location, and nothing where the two agree', () => {
    const c = compareSku('A', ours({ same: [5, 3], extra: [1, 1], mismatch: [4, 2], behind: [4, 2] }), wms({ same: [5, 3], missing: [7, 1], mismatch: [6, 2], behind: [9, 5] }), AT);
    assert.deepEqual(c.discrepancies.map((d) => [d.locationId, d.kind, d.wms, d.ours]).sort(), [
      ['behind', 'behind', 9, 4], ['extra', 'extra_here', null, 1], ['mismatch', 'count_mismatch', 6, 4], ['missing', 'missing_here', 7, null],
    ]);
    assert.equal(c.positions, 5);
    assert.equal(c.staleProduct, false);
  });

  it("compares the WMS's own count, so a sale here the WMS has not reflected yet is no drift", () => {
    assert.deepEqual(compareSku('A', ours({ wh: [3, 4, 5] }), wms({ wh: [5, 4] }), AT).discrepancies, []);
  });

  it('a SKU the WMS no longer reports is a stale product only once a day has passed without confirmation', () => {
    assert.equal(compareSku('A', ours({ wh: [1, 1] }, AT - STALE_PRODUCT_MS - 1), undefined, AT).staleProduct, true);
    assert.equal(compareSku('A', ours({ wh: [1, 1] }, AT - 1000), undefined, AT).staleProduct, false);
    assert.equal(compareSku('A', ours({ wh: [1, 1] }, null), undefined, AT).staleProduct, true);
    assert.equal(compareSku('A', undefined, wms({ wh: [1, 1] }), AT).staleProduct, false);
  });

  it('the same positions on both sides never differ; each location is reported at most once (property)', () => {
    const positions = fc.dictionary(fc.constantFrom('wh-01', 'wh-02', 'store-03', 'v-04'), fc.tuple(fc.nat(50), fc.nat(20)));
    fc.assert(fc.property(positions, positions, (a, b) => {
      assert.deepEqual(compareSku('A', ours(a), wms(a), AT).discrepancies, []);
      const c = compareSku('A', ours(a), wms(b), AT);
      const locs = c.discrepancies.map((d) => d.locationId);
      assert.equal(new Set(locs).size, locs.length);
      assert.equal(c.positions, new Set([...Object.keys(a), ...Object.keys(b)]).size);
      for (const d of c.discrepancies) assert.equal(d.kind === 'missing_here', !(d.locationId in a));
    }));
  });
});
