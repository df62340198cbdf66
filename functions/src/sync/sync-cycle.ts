/**
 * One sync cycle, in its steps: gate (flag, pause, breaker) → fetch from the saved cursor →
 * filter (quarantine malformed rows, coalesce per (sku, location), keep the rollout's share) →
 * apply newer seqs through the stock module (one write per SKU, events in the same commit) →
 * save the cursor → status and alerts. The cursor is saved only after the commit, and applying is
 * idempotent on seq, so a crash anywhere loses nothing and applies nothing twice.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { coalesce, Coalesced, LocationChange } from '../domain/sequence';
import { isOwned } from '../domain/rollout';
import { BreakerPolicy, CLOSED, onFailure, onSuccess } from '../domain/breaker';
import { HealthWindow, LAG_ALERT_MS, failureRateExceeded, recordAttempt } from '../domain/health';
import { FeatureFlags } from '../adapters/feature-flags';
import { AlertCondition, raiseOrResolve } from '../adapters/alerts';
import { CountApplier } from '../stock/count-applier';
import { InventoryConnector } from '../stock/ports';
import { ContractMismatchError } from '../stock/contract-mismatch';
import { passGates } from './gates';
import { inSpan } from '../adapters/tracing';
import { Carry, lookAhead, Rejected } from './look-ahead';
import { quarantine } from './quarantine';
import { lastSuccessMillis } from '../stock/freshness';
import { SyncState, SyncStateStore } from './sync-state';
import { SyncCycleMetrics } from './cycle-metrics';
import * as logs from '../logs';

export type { Carry } from './look-ahead';
export { readSyncState } from './sync-state';
export type { SyncState } from './sync-state';

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
  /** Alert conditions: the lag threshold, and how long lag and failure rate must hold (default: at once). */
  alerts?: { lagMs?: number; lagForMs?: number; failureRateForMs?: number };
}

export type CycleOutcome = 'synced' | 'disabled' | 'paused' | 'circuit_open' | 'failed';

export interface CycleResult {
  outcome: CycleOutcome;
  hasMore: boolean;
  metrics?: SyncCycleMetrics;
  error?: string;
  /** What the cycle read ahead and did not apply: pass it to the next cycle. */
  carry?: Carry;
}

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One cycle, as a root span of its own trace (each chunk it writes is a child, and its events continue it). */
export async function runSyncCycle(deps: SyncDeps, carry?: Carry): Promise<CycleResult> {
  return inSpan('sync.cycle', { root: true, attributes: { 'sync.connector': deps.connector.id } }, async (span) => {
    const r = await cycle(deps, carry);
    span.setAttributes({ 'sync.outcome': r.outcome, 'sync.applied': r.metrics?.applied ?? 0, 'sync.fetched': r.metrics?.fetched ?? 0, 'sync.skus_written': r.metrics?.skusWritten ?? 0 });
    if (r.error) span.setAttribute('sync.error', r.error.slice(0, 200));
    return r;
  });
}

async function cycle(deps: SyncDeps, carry?: Carry): Promise<CycleResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const { db, connector } = deps;
  const store = new SyncStateStore(db, connector.id, deps.staleAfterSeconds, now);
  const { state: st, status: prevStatus } = await store.load();
  const lastSuccess = lastSuccessMillis(prevStatus);

  // 1. Gate.
  const gate = await passGates(deps.flags, st, started);
  if (!gate.open) {
    logs.syncSkipped(connector.id, gate.reason);
    await store.writeStatus(gate.status, lastSuccess);
    return { outcome: gate.outcome, hasMore: false };
  }

  try {
    const pageSize = deps.pageSize ?? 5000;
    const maxRows = deps.maxRowsPerCycle ?? 200_000;
    const deadline = started + (deps.cycleBudgetMs ?? 20_000);
    // 2. Fetch.
    const read = await fetchFromCursor(deps, st, carry, { pageSize, maxRows, deadline, probe: gate.probe });
    // 3. Filter.
    if (read.rejected.length) await quarantine(db, connector.id, read.rejected);
    const fetchedAt = now();
    const co = coalesce(read.changes);
    const filtered = keepRolloutShare(co, st);
    // 4. Apply, reading ahead meanwhile.
    const ahead = lookAhead({ connector, everyMs: deps.lookAheadMs ?? 1000, now }, read.cursor, pageSize, deadline, maxRows, co.bySku);
    const stats = await deps.applier.apply(co.bySku, connector.id, { oldestUpdatedAt: co.oldestUpdatedAt, beforeChunk: ahead.merge });
    const { merged, rest } = ahead.stop();
    const appliedAt = now();
    await deps.afterCommit?.();
    await store.saveProgress(read.cursor, onSuccess(st.breaker));

    // 5. Status and alerts.
    const lag = [...stats.lagMs].sort((a, b) => a - b);
    const metrics: SyncCycleMetrics = {
      connector: connector.id,
      cycleMs: now() - started,
      fetchMs: fetchedAt - started,
      applyMs: appliedAt - fetchedAt,
      fetched: read.received - read.carriedRows,
      carried: read.carriedChanges,
      lookAhead: merged,
      applied: stats.applied,
      duplicate: stats.duplicate + co.duplicates,
      stale: stats.stale + co.superseded,
      rejected: read.rejected.length,
      notOwned: filtered + stats.notOwned,
      skusWritten: stats.skusWritten,
      writes: stats.writes,
      lagMsP50: percentile(lag, 50),
      lagMsMax: lag.length ? lag[lag.length - 1]! : null,
      pages: read.pages,
    };
    logs.syncCycle(metrics);
    if (read.rejected.length) logs.syncRejectedRows(connector.id, read.rejected.length);
    const at = now();
    const window = recordAttempt(prevStatus.window as HealthWindow | undefined, at, false);
    await raiseOrResolve(db, [
      { id: `sync-lag-${connector.id}`, active: (metrics.lagMsMax ?? 0) > (deps.alerts?.lagMs ?? LAG_ALERT_MS), forMs: deps.alerts?.lagForMs, fields: { kind: 'sync_lag', connectorId: connector.id, lagMs: metrics.lagMsMax } },
      failureRateAlert(connector.id, window, deps.alerts?.failureRateForMs),
      contractAlert(connector.id, null),
    ], at);
    await store.writeStatus(
      {
        window,
        state: 'ok',
        lastSuccessAt: Timestamp.fromMillis(at),
        lastError: null,
        consecutiveFailures: 0,
        lagMs: metrics.lagMsMax ?? 0,
        behind: read.hasMore,
        breaker: CLOSED,
        lastCycle: metrics,
        ...(read.schemaVersion !== undefined ? { schemaVersion: read.schemaVersion } : {}),
        contractError: null,
      },
      at,
    );
    return { outcome: 'synced', hasMore: read.hasMore, metrics, carry: { from: read.cursor, ...rest } };
  } catch (err) {
    const failures = (typeof prevStatus.consecutiveFailures === 'number' ? prevStatus.consecutiveFailures : 0) + 1;
    // Counted from the cycle's start, so the next cycle (one interval after this one started) is the
    // probe. A timer may start that cycle a few milliseconds early: the cooldown leaves it that slack,
    // or the probe would wait a whole interval more (seen: recovery in 9.9 s instead of 5).
    const interval = deps.intervalMs ?? 5000;
    const policy = deps.breaker ?? { threshold: 3, cooldownMs: interval - Math.min(250, interval / 4), maxFactor: 1 };
    const breaker = onFailure(gate.breaker, started, policy);
    if (breaker.state === 'open' && gate.breaker.state !== 'open') logs.circuitOpened(connector.id, breaker.failures, breaker.openUntil ?? 0);
    const contract = err instanceof ContractMismatchError ? err : null;
    if (contract) logs.wmsContractMismatch(connector.id, contract.kind, contract.version, contract.message);
    else logs.syncCycleFailed(connector.id, err, failures);
    const message = err instanceof Error ? err.message : String(err);
    await store.saveBreaker(breaker);
    const window = recordAttempt(prevStatus.window as HealthWindow | undefined, now(), true);
    await raiseOrResolve(db, [failureRateAlert(connector.id, window, deps.alerts?.failureRateForMs), ...(contract ? [contractAlert(connector.id, contract)] : [])], now());
    await store.writeStatus(
      {
        window,
        state: contract ? 'contract_mismatch' : breaker.state === 'open' ? 'circuit_open' : 'failing',
        lastError: message.slice(0, 500),
        consecutiveFailures: failures,
        breaker,
        ...(contract ? { contractError: { kind: contract.kind, version: contract.version, message: message.slice(0, 500) } } : {}),
      },
      lastSuccess,
    );
    return { outcome: 'failed', hasMore: false, error: message };
  }
}

/** The WMS failure-rate alert's condition, after a success or a failure alike. */
function failureRateAlert(connectorId: string, window: HealthWindow, forMs: number | undefined): AlertCondition {
  return { id: `wms-failure-rate-${connectorId}`, active: failureRateExceeded(window), forMs, fields: { kind: 'wms_failure_rate', connectorId, ...window } };
}

/**
 * The contract alert: open while the external system answers in a contract this connector does not
 * speak (nothing is applied meanwhile; the cursor waits), resolved by the next good page.
 */
function contractAlert(connectorId: string, err: ContractMismatchError | null): AlertCondition {
  return {
    id: `wms-contract-${connectorId}`,
    active: err !== null,
    fields: err ? { kind: 'wms_contract', connectorId, contractKind: err.kind, version: err.version, detail: err.message.slice(0, 500) } : { kind: 'wms_contract', connectorId },
  };
}

interface Read {
  changes: LocationChange[];
  rejected: Rejected[];
  cursor: string | null;
  hasMore: boolean;
  received: number;
  pages: number;
  carriedRows: number;
  carriedChanges: number;
  schemaVersion?: number;
}

/** Reads the feed from the saved cursor (after what a previous cycle carried) within the budget. */
async function fetchFromCursor(
  deps: SyncDeps,
  st: SyncState,
  carry: Carry | undefined,
  o: { pageSize: number; maxRows: number; deadline: number; probe: boolean },
): Promise<Read> {
  const now = deps.now ?? Date.now;
  const r: Read = { changes: [], rejected: [], cursor: st.cursor, hasMore: true, received: 0, pages: 0, carriedRows: 0, carriedChanges: 0 };
  // Someone else may have moved the cursor since (another poller, an operator's reset).
  if (carry && carry.from === st.cursor) {
    for (const c of carry.changes) r.changes.push(c);
    r.rejected.push(...carry.rejected);
    r.carriedRows = r.received = carry.changes.length + carry.rejected.length;
    r.carriedChanges = carry.changes.length;
    r.cursor = carry.cursor;
  }
  while (r.hasMore && r.received < o.maxRows && now() < o.deadline) {
    const at = r.cursor;
    const page = await deps.connector.fetchChanges(at, o.pageSize, o.deadline, o.probe && r.pages === 0 ? { attempts: 1 } : undefined);
    r.pages++;
    r.received += page.received;
    for (const c of page.changes) r.changes.push(c);
    page.rejected.forEach((row, index) => r.rejected.push({ row, cursor: at, index }));
    if (page.schemaVersion !== undefined) r.schemaVersion = page.schemaVersion;
    r.hasMore = page.hasMore && page.nextCursor !== null;
    r.cursor = page.nextCursor ?? r.cursor;
  }
  return r;
}

/** Drops the SKUs the legacy system still owns (outside the share, or rolled back); answers how many rows. */
function keepRolloutShare(co: Coalesced, st: SyncState): number {
  let notOwned = 0;
  if (st.rolloutPercent >= 100 && !st.rolledBack.length) return 0;
  const settings = { enabled: true, rolloutPercent: st.rolloutPercent, rolledBack: new Set(st.rolledBack) };
  for (const [sku, list] of co.bySku) {
    if (!isOwned(sku, settings)) {
      notOwned += list.length;
      co.bySku.delete(sku);
    }
  }
  return notOwned;
}
