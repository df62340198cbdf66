import assert from 'node:assert/strict';
import { applySnapshot } from '../../../src/domain/resync';
import { emptyState, StockState } from '../../../src/domain/inventory';

describe('domain/resync', () => {
  const T = 1_800_000_000_000;
  const stock = (): StockState => {
    const s = emptyState('A', 2);
    s.locations = {
      same: { onHand: 5, wmsOnHand: 5, seq: 3, syncedAt: T - 60_000 },
      drift: { onHand: 4, wmsOnHand: 4, seq: 7, syncedAt: T - 60_000 },
      gone: { onHand: 9, wmsOnHand: 9, seq: 2, syncedAt: T - 60_000 },
      fresh: { onHand: 1, wmsOnHand: 1, seq: 1, syncedAt: T + 1000 },
    };
    return s;
  };
  const at = (locationId: string, onHand: number, seq: number) => ({ sku: 'A', locationId, onHand, seq, updatedAt: T, deleted: false });

  it('the snapshot is authoritative: drift at an equal seq is corrected, locations it lacks are removed unless confirmed since it started', () => {
    const r = applySnapshot(stock(), [at('same', 5, 3), at('drift', 6, 7)], T, T + 5000, 'reconcile');
    assert.equal(r.drift, 1);
    assert.equal(r.removed, 1);
    assert.equal(r.state.locations.drift!.onHand, 6);
    assert.equal(r.state.locations.drift!.seq, 7, 'seq stays monotonic');
    assert.equal(r.state.locations.gone, undefined);
    assert.ok(r.state.locations.fresh, 'written after the snapshot started: kept');
    assert.equal(r.state.locations.same!.syncedAt, T + 5000, 'confirmed: fresh again');
  });

  it('a snapshot that only confirms refreshes positions without an event', () => {
    const s = stock();
    delete s.locations.gone;
    const r = applySnapshot(s, [at('same', 5, 3), at('drift', 4, 7)], T, T + 5000, 'reconcile');
    assert.deepEqual([r.applied, r.drift, r.removed, r.confirmed, r.events.length], [0, 0, 0, 2, 0]);
    assert.equal(r.state.locations.drift!.syncedAt, T + 5000);
    assert.equal(r.state.syncedAt, T + 5000);
  });
});
