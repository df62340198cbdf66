/**
 * Full resync against a WMS snapshot: the snapshot is authoritative. Newer seqs apply as usual;
 * an equal seq with a different count is drift and is corrected; locations the WMS no longer has
 * are removed, but only those not confirmed since the snapshot started (they may be newer than it).
 * A position the snapshot confirms (same seq, same count) is fresh again: its `syncedAt` moves to
 * now without an event, so freshness per position stays true for a quiet SKU.
 */
import { applyCounts, CountsResult, StockState } from './inventory';
import { LocationChange } from './sequence';
import { EventSource } from './events';

export interface SnapshotResult extends CountsResult {
  drift: number;
  removed: number;
  /** Positions the snapshot confirmed as they are (their syncedAt refreshed). */
  confirmed: number;
}

export function applySnapshot(
  prev: StockState,
  items: readonly LocationChange[],
  snapshotStartedAt: number,
  now: number,
  source: EventSource,
): SnapshotResult {
  const seen = new Set(items.map((i) => i.locationId));
  const changes: LocationChange[] = [];
  let drift = 0;
  let removed = 0;
  // Equal-seq corrections go through applyCounts as seq + 0.5 would not be an integer; instead we
  // drop the location's seq by one so the snapshot's own seq is newer, keeping seq monotonic.
  const base: StockState = { ...prev, locations: { ...prev.locations } };
  const confirmedAt = new Set<string>();
  for (const i of items) {
    const cur = prev.locations[i.locationId];
    if (cur && cur.seq === i.seq && cur.wmsOnHand !== i.onHand) {
      base.locations[i.locationId] = { ...cur, seq: cur.seq - 1 };
      drift++;
    } else if (cur && cur.seq === i.seq && !i.deleted) {
      confirmedAt.add(i.locationId);
    }
    changes.push(i);
  }
  for (const [loc, pos] of Object.entries(prev.locations)) {
    if (!seen.has(loc) && pos.syncedAt < snapshotStartedAt) {
      changes.push({ sku: prev.sku, locationId: loc, onHand: 0, seq: pos.seq + 1, updatedAt: now, deleted: true });
      removed++;
    }
  }
  const r = applyCounts(base, changes, now, source);
  if (r.applied === 0 && confirmedAt.size === 0) return { ...r, state: prev, drift: 0, removed: 0, confirmed: 0 };
  const state = r.applied === 0 ? { ...prev, locations: { ...prev.locations } } : r.state;
  for (const loc of confirmedAt) if (state.locations[loc]) state.locations[loc] = { ...state.locations[loc]!, syncedAt: now };
  if (confirmedAt.size) state.syncedAt = now;
  return { ...r, state, drift: r.applied === 0 ? 0 : drift, removed: r.applied === 0 ? 0 : removed, confirmed: confirmedAt.size };
}
