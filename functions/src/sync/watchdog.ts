/**
 * The staleness watchdog: independent of the poller (its own scheduled function, no lease), it
 * reads the status document, and when no cycle has succeeded for `staleAfterSeconds` it sets the
 * stored `stale` flag (for queries and alerts) and opens the `sync-stale-<connector>` alert; when
 * the sync is fresh again it resolves the alert. Within one invocation it sleeps until the exact
 * moment the status would turn stale, so the alert is not held back to the next minute.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { raiseOrResolve } from '../adapters/alerts';
import { statusFreshness, statusRef } from '../stock/freshness';
import * as logs from '../logs';

export interface WatchOptions {
  connectorId: string;
  staleAfterSeconds: number;
  /** Watch until this time (epoch millis), then return. */
  until: number;
  /** Re-check at least this often while stale (to resolve promptly) or fresh. */
  checkEveryMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export async function watchStaleness(db: Firestore, o: WatchOptions): Promise<{ checks: number; raised: number }> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const ref = statusRef(db, o.connectorId);
  let checks = 0;
  let raised = 0;
  for (;;) {
    const data = (await ref.get()).data();
    const at = now();
    const f = statusFreshness(data, at, o.staleAfterSeconds);
    checks++;
    if (f.stale && data?.stale !== true) {
      // Only when the flag is wrong: the poller owns the document and writes it every cycle.
      await ref.set({ connectorId: o.connectorId, stale: true, staleSince: Timestamp.fromMillis(f.staleAt ?? at), staleAfterSeconds: data?.staleAfterSeconds ?? o.staleAfterSeconds }, { merge: true });
      logs.syncStale(o.connectorId, f.ageMs);
      raised++;
    }
    // Paused or switched off by intent: the page still says stale, but nobody is paged for it.
    const intended = ['paused', 'disabled'].includes(String(data?.state));
    await raiseOrResolve(db, [
      { id: `sync-stale-${o.connectorId}`, active: f.stale && !intended, fields: { kind: 'sync_stale', connectorId: o.connectorId, ageMs: f.ageMs, staleAfterSeconds: o.staleAfterSeconds } },
    ]);
    const every = o.checkEveryMs ?? 5000;
    const next = f.stale || f.staleAt === null ? at + every : Math.min(f.staleAt + 1, at + every * 6);
    if (next >= o.until) return { checks, raised };
    await sleep(Math.max(0, next - now()));
  }
}
