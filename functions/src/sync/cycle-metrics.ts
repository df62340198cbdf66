/** What one sync cycle measured: logged as `sync.cycle` and kept on the status document. */
export interface SyncCycleMetrics {
  connector: string;
  cycleMs: number;
  /** Reading the feed (all pages) / coalescing and committing. */
  fetchMs: number;
  applyMs: number;
  fetched: number;
  /** Rows the previous cycle read ahead and handed over unapplied (not read again). */
  carried: number;
  /** Rows read ahead during the apply and folded into SKUs not yet written. */
  lookAhead: number;
  applied: number;
  duplicate: number;
  stale: number;
  rejected: number;
  notOwned: number;
  skusWritten: number;
  writes: number;
  lagMsP50: number | null;
  lagMsMax: number | null;
  pages: number;
}
