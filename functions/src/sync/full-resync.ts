/**
 * Full resync: walk the WMS snapshot, correct drift, add what is missing and remove locations (and
 * whole SKUs) the WMS no longer has. Safe beside the poller: seq rules and update-time
 * preconditions order the writes, and nothing confirmed after the snapshot began is removed.
 */
import { LocationChange } from '../domain/sequence';
import { applySnapshot } from '../domain/resync';
import { stockPages } from '../stock/stock-store';
import { SyncDeps } from './sync-cycle';
import { SyncStateStore } from './sync-state';
import * as logs from '../logs';

export interface ResyncProgress {
  phase: 'snapshot' | 'apply';
  done: number;
  total: number | null;
}

export interface ResyncResult {
  rows: number;
  rejected: number;
  skus: number;
  skusWritten: number;
  drift: number;
  removedLocations: number;
  ms: number;
}

export async function runFullResync(
  deps: SyncDeps,
  o: { owner: string; pageSize?: number; onProgress?: (p: ResyncProgress) => void; deadlineMs?: number },
): Promise<ResyncResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const deadline = started + (o.deadlineMs ?? 25 * 60_000);
  const bySku = new Map<string, LocationChange[]>();
  let token: string | null = null;
  let rows = 0;
  let rejected = 0;
  do {
    const page = await deps.connector.fetchSnapshot(token, o.pageSize ?? 5000, deadline);
    rows += page.items.length + page.rejected.length;
    rejected += page.rejected.length;
    for (const item of page.items) {
      const list = bySku.get(item.sku);
      if (list) list.push(item);
      else bySku.set(item.sku, [item]);
    }
    token = page.nextPageToken;
    o.onProgress?.({ phase: 'snapshot', done: rows, total: null });
  } while (token);

  // SKUs we hold that the snapshot no longer has: all their locations go.
  for await (const page of stockPages(deps.db, 0, 5000, [])) for (const r of page) if (!bySku.has(r.sku)) bySku.set(r.sku, []);

  let drift = 0;
  let removed = 0;
  const total = bySku.size;
  let done = 0;
  const skus = [...bySku.keys()];
  let skusWritten = 0;
  for (let i = 0; i < skus.length; i += 2000) {
    const slice = new Map(skus.slice(i, i + 2000).map((s) => [s, bySku.get(s)!]));
    const stats = await deps.applier.apply(slice, `${deps.connector.id}:resync`, {
      compute: (prev, items, at, source) => {
        const r = applySnapshot(prev, items, started, at, source);
        drift += r.drift;
        removed += r.removed;
        return r;
      },
      trail: false,
      fresh: true,
    });
    skusWritten += stats.skusWritten;
    done += slice.size;
    o.onProgress?.({ phase: 'apply', done, total });
  }
  const result: ResyncResult = { rows, rejected, skus: total, skusWritten, drift, removedLocations: removed, ms: now() - started };
  await new SyncStateStore(deps.db, deps.connector.id, deps.staleAfterSeconds, Date.now).saveLastResync({ ...result, owner: o.owner });
  logs.resyncDone(deps.connector.id, { ...result });
  return result;
}
