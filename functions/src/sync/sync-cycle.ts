/**
 * One sync cycle: read changes from the saved cursor, quarantine malformed rows, coalesce per
 * (sku, location), apply newer seqs (one write per SKU, events in the same commit), then save the
 * cursor. The cursor is saved only after the commit, and applying is idempotent on seq, so a
 * crash anywhere loses nothing and applies nothing twice.
 */
import { createHash } from 'node:crypto';
import { FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { coalesce, LocationChange } from '../domain/sequence';
import { ownsSku } from '../domain/rollout';
import { BreakerPolicy, BreakerState, CLOSED, canAttempt, onFailure, onSuccess } from '../domain/breaker';
import { FeatureFlags } from '../adapters/feature-flags';
import { C } from '../adapters/collections';
import { FEATURE_SYNC_ENABLED } from '../config';
import { CountApplier } from './count-applier';
import { InventoryConnector, RejectedRow } from './ports';
import { HealthWindow, LAG_ALERT_MS, failureRateExceeded, recordAttempt } from '../domain/health';
import { raiseOrResolve } from '../adapters/alerts';
import { freshness } from '../domain/staleness';
import { lastSuccessMillis } from './status';
import * as logs from '../logs';

export interface SyncDeps {
  db: Firestore;
  connector: InventoryConnector;
  flags: FeatureFlags;
  applier: CountApplier;
  staleAfterSeconds: number;
  pageSize?: number;
  maxRowsPerCycle?: number;
  cycleBudgetMs?: number;
  breaker?: BreakerPolicy;
  /** The poll interval: while the circuit is open the WMS is probed once per interval. */
  intervalMs?: number;
  now?: () => number;
  /** How often a cycle reads ahead while it writes (default 1 s; 0 turns it off). */
  lookAheadMs?: number;
  /** Fault-injection seam: runs after the stock commit and before the cursor is saved. */
  afterCommit?: () => Promise<void>;
}

export type CycleOutcome = 'synced' | 'disabled' | 'paused' | 'circuit_open' | 'failed';

export interface CycleResult {
  outcome: CycleOutcome;
  hasMore: boolean;
  metrics?: logs.SyncCycleMetrics;
  error?: string;
  /** What the cycle read ahead and did not apply: pass it to the next cycle. */
  carry?: Carry;
}

type Rejected = { row: RejectedRow; cursor: string | null; index: number };

/**
 * Rows a cycle read ahead but did not apply (their SKU was already written), handed to the next
 * cycle of the same poller so it does not read them again. Only in memory: the saved cursor never
 * passes them until they are committed, so a crash or a lost carry just means reading them again.
 */
export interface Carry {
  /** The saved cursor the rows follow: a cycle uses the carry only if it starts from there. */
  from: string | null;
  /** Where the read-ahead stopped; the next cycle reads on from here. */
  cursor: string | null;
  changes: LocationChange[];
  rejected: Rejected[];
}

export interface SyncState {
  cursor: string | null;
  breaker: BreakerState;
  paused: boolean;
  rolloutPercent: number;
}

export function readSyncState(data: FirebaseFirestore.DocumentData | undefined): SyncState {
  return {
    cursor: typeof data?.cursor === 'string' ? data.cursor : null,
    breaker: (data?.breaker as BreakerState | undefined) ?? CLOSED,
    paused: data?.paused === true,
    rolloutPercent: typeof data?.rolloutPercent === 'number' ? data.rolloutPercent : 100,
  };
}

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runSyncCycle(deps: SyncDeps, carry?: Carry): Promise<CycleResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const { db, connector } = deps;
  const stateRef = db.collection(C.syncState).doc(connector.id);
  const statusRef = db.collection(C.syncStatus).doc(connector.id);
  const [stateSnap, statusSnap] = await db.getAll(stateRef, statusRef);
  const st = readSyncState(stateSnap!.data());
  const prevStatus = statusSnap!.data() ?? {};
  const lastSuccess = lastSuccessMillis(prevStatus);
  const staleAt = (success: number | null, at: number) => freshness({ lastSuccessAt: success, staleAfterSeconds: deps.staleAfterSeconds }, at).stale;

  const writeStatus = (fields: Record<string, unknown>, successAt: number | null) =>
    statusRef.set(
      {
        connectorId: connector.id,
        lastAttemptAt: Timestamp.fromMillis(now()),
        stale: staleAt(successAt, now()),
        staleAfterSeconds: deps.staleAfterSeconds,
        ...fields,
      },
      { merge: true },
    );

  if (!(await deps.flags.isEnabled(FEATURE_SYNC_ENABLED))) {
    logs.syncSkipped(connector.id, 'disabled by feature flag');
    await writeStatus({ state: 'disabled', lastError: null }, lastSuccess);
    return { outcome: 'disabled', hasMore: false };
  }
  if (st.paused) {
    logs.syncSkipped(connector.id, 'paused by an operator');
    await writeStatus({ state: 'paused' }, lastSuccess);
    return { outcome: 'paused', hasMore: false };
  }
  const policy = deps.breaker ?? { threshold: 3, cooldownMs: deps.intervalMs ?? 5000, maxFactor: 1 };
  const gate = canAttempt(st.breaker, started);
  if (!gate.allowed) {
    logs.syncSkipped(connector.id, 'circuit open');
    await writeStatus({ state: 'circuit_open', breaker: st.breaker }, lastSuccess);
    return { outcome: 'circuit_open', hasMore: false };
  }

  try {
    const pageSize = deps.pageSize ?? 5000;
    const maxRows = deps.maxRowsPerCycle ?? 200_000;
    const deadline = started + (deps.cycleBudgetMs ?? 20_000);
    let cursor = st.cursor;
    let hasMore = true;
    let received = 0;
    let pages = 0;
    const changes: LocationChange[] = [];
    const rejected: Rejected[] = [];
    // Someone else may have moved the cursor since (another poller, an operator's reset).
    const carried = carry && carry.from === st.cursor ? carry : null;
    const carriedRows = carried ? carried.changes.length + carried.rejected.length : 0;
    if (carried) {
      for (const c of carried.changes) changes.push(c);
      rejected.push(...carried.rejected);
      received = carriedRows;
      cursor = carried.cursor;
    }
    // A half-open probe is one request without retries: the WMS just failed, and the next probe is
    // only one interval away.
    const probe = gate.next.state === 'half_open';
    while (hasMore && received < maxRows && now() < deadline) {
      const page = await connector.fetchChanges(cursor, pageSize, deadline, probe && pages === 0 ? { attempts: 1 } : undefined);
      pages++;
      received += page.received;
      for (const c of page.changes) changes.push(c);
      page.rejected.forEach((row, index) => rejected.push({ row, cursor, index }));
      hasMore = page.hasMore && page.nextCursor !== null;
      cursor = page.nextCursor ?? cursor;
    }

    if (rejected.length) await quarantine(db, connector.id, rejected);

    const fetchedAt = now();
    const co = coalesce(changes);
    let notOwned = 0;
    if (st.rolloutPercent < 100) {
      for (const [sku, list] of co.bySku) {
        if (!ownsSku(sku, st.rolloutPercent)) {
          notOwned += list.length;
          co.bySku.delete(sku);
        }
      }
    }
    // While a long apply runs, keep reading the feed and fold what arrives into the SKUs not yet
    // written this cycle (still one write per SKU per cycle). The saved cursor stays where the
    // cycle's own read ended; the rows read ahead and not applied go to the next cycle as a carry
    // (or, without it, are read again and the applied ones skipped by seq). Nothing depends on the
    // look-ahead for safety.
    const ahead = lookAhead(deps, cursor, pageSize, deadline, maxRows, co.bySku);
    const stats = await deps.applier.apply(co.bySku, connector.id, co.oldestUpdatedAt, undefined, ahead.merge);
    const { merged, rest } = ahead.stop();
    const appliedAt = now();
    await deps.afterCommit?.();
    await stateRef.set({ cursor, breaker: onSuccess(st.breaker), updatedAt: FieldValue.serverTimestamp() }, { merge: true });

    const lag = [...stats.lagMs].sort((a, b) => a - b);
    const metrics: logs.SyncCycleMetrics = {
      connector: connector.id,
      cycleMs: now() - started,
      fetchMs: fetchedAt - started,
      applyMs: appliedAt - fetchedAt,
      fetched: received - carriedRows,
      carried: carried ? carried.changes.length : 0,
      lookAhead: merged,
      applied: stats.applied,
      duplicate: stats.duplicate + co.duplicates,
      stale: stats.stale + co.superseded,
      rejected: rejected.length,
      notOwned,
      skusWritten: stats.skusWritten,
      writes: stats.writes,
      lagMsP50: percentile(lag, 50),
      lagMsMax: lag.length ? lag[lag.length - 1]! : null,
      pages,
    };
    logs.syncCycle(metrics);
    if (rejected.length) logs.syncRejectedRows(connector.id, rejected.length);
    const at = now();
    const window = recordAttempt(prevStatus.window as HealthWindow | undefined, at, false);
    await raiseOrResolve(db, [
      { id: `sync-lag-${connector.id}`, active: (metrics.lagMsMax ?? 0) > LAG_ALERT_MS, fields: { kind: 'sync_lag', connectorId: connector.id, lagMs: metrics.lagMsMax } },
      { id: `wms-failure-rate-${connector.id}`, active: failureRateExceeded(window), fields: { kind: 'wms_failure_rate', connectorId: connector.id, ...window } },
    ]);
    await writeStatus(
      {
        window,
        state: 'ok',
        lastSuccessAt: Timestamp.fromMillis(at),
        lastError: null,
        consecutiveFailures: 0,
        lagMs: metrics.lagMsMax ?? 0,
        behind: hasMore,
        breaker: CLOSED,
        lastCycle: metrics,
      },
      at,
    );
    return { outcome: 'synced', hasMore, metrics, carry: { from: cursor, ...rest } };
  } catch (err) {
    const failures = (typeof prevStatus.consecutiveFailures === 'number' ? prevStatus.consecutiveFailures : 0) + 1;
    // Counted from the cycle's start, so the next cycle (one interval after this one started) is the probe.
    const breaker = onFailure(gate.next, started, policy);
    if (breaker.state === 'open' && gate.next.state !== 'open') logs.circuitOpened(connector.id, breaker.failures, breaker.openUntil ?? 0);
    logs.syncCycleFailed(connector.id, err, failures);
    const message = err instanceof Error ? err.message : String(err);
    await stateRef.set({ breaker }, { merge: true });
    const window = recordAttempt(prevStatus.window as HealthWindow | undefined, now(), true);
    await raiseOrResolve(db, [{ id: `wms-failure-rate-${connector.id}`, active: failureRateExceeded(window), fields: { kind: 'wms_failure_rate', connectorId: connector.id, ...window } }]);
    await writeStatus(
      { window, state: breaker.state === 'open' ? 'circuit_open' : 'failing', lastError: message.slice(0, 500), consecutiveFailures: failures, breaker },
      lastSuccess,
    );
    return { outcome: 'failed', hasMore: false, error: message };
  }
}

/**
 * Best-effort read-ahead of the feed every `lookAheadMs` while the cycle writes. `merge` hands the
 * rows of the given SKUs (SKUs this cycle has and is about to write) to the applier; `stop` ends
 * the reading and returns what was read and not merged, with the cursor after it.
 */
function lookAhead(deps: SyncDeps, from: string | null, pageSize: number, deadline: number, maxRows: number, owned: Map<string, LocationChange[]>) {
  const now = deps.now ?? Date.now;
  const late = new Map<string, LocationChange[]>();
  const written = new Set<string>();
  const rest: LocationChange[] = [];
  const rejected: Rejected[] = [];
  let cursor = from;
  let rows = 0;
  let stopped = false;
  let wake: () => void = () => undefined;
  let merged = 0;
  const every = deps.lookAheadMs ?? 1000;
  void (async () => {
    while (!stopped && every > 0 && rows < maxRows) {
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, every);
      });
      if (stopped || now() > deadline - every) return;
      try {
        for (let more = true; more && !stopped && rows < maxRows; ) {
          const at = cursor;
          const page = await deps.connector.fetchChanges(at, pageSize, deadline);
          // A page that arrives after stop() belongs to nobody: the next cycle reads it again.
          if (stopped) return;
          for (const c of page.changes) {
            if (!owned.has(c.sku) || written.has(c.sku)) rest.push(c);
            else {
              const list = late.get(c.sku);
              if (list) list.push(c);
              else late.set(c.sku, [c]);
            }
          }
          page.rejected.forEach((row, index) => rejected.push({ row, cursor: at, index }));
          rows += page.received;
          more = page.hasMore && page.nextCursor !== null;
          cursor = page.nextCursor ?? cursor;
        }
      } catch {
        return; // what was read so far stands; the next cycle reads on from there
      }
    }
  })();
  return {
    merge(skus: string[]) {
      for (const sku of skus) {
        written.add(sku);
        const extra = late.get(sku);
        if (!extra) continue;
        owned.get(sku)!.push(...extra);
        merged += extra.length;
        late.delete(sku);
      }
    },
    /** Ends the read-ahead without waiting for a request in flight (a slow WMS must not hold the cycle). */
    stop(): { merged: number; rest: Omit<Carry, 'from'> } {
      stopped = true;
      wake();
      for (const list of late.values()) rest.push(...list);
      return { merged, rest: { cursor, changes: rest, rejected } };
    },
  };
}

async function quarantine(db: Firestore, connectorId: string, rows: Rejected[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) {
    const batch = db.batch();
    for (const r of rows.slice(i, i + 400)) {
      const rowJson = JSON.stringify(r.row.row) ?? 'undefined';
      // Deterministic id: re-reading the same page after a crash quarantines the same row once.
      const id = createHash('sha256').update(`${connectorId}|${r.cursor ?? ''}|${r.index}|${rowJson}`).digest('hex').slice(0, 32);
      batch.set(db.collection(C.syncRejects).doc(id), {
        connectorId,
        row: rowJson.slice(0, 10_000),
        reason: r.row.reason,
        cursor: r.cursor,
        receivedAt: FieldValue.serverTimestamp(),
      });
    }
    await batch.commit();
  }
}
