/**
 * Sub-minute polling inside a per-minute scheduled invocation: hold a lease so two invocations
 * never poll at once, run a cycle every interval until the window closes, and run the next cycle
 * at once while the feed says there is more or the last cycle spent over a second writing.
 */
import { acquireLease, releaseLease } from '../adapters/lease';
import { runSyncCycle, SyncDeps, CycleResult } from './sync-cycle';
import * as logs from '../logs';

export interface WindowOptions {
  intervalMs: number;
  windowMs: number;
  owner: string;
  /** Stop early (tests, `npm run sync -- run`). */
  maxCycles?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A cycle whose writes took longer than this is followed at once by the next (default 1 s). */
  busyAfterMs?: number;
  /** Ends the window after the cycle in progress. */
  signal?: AbortSignal;
}

export interface WindowResult {
  leaseHeld: boolean;
  cycles: CycleResult[];
  /** [start, end] epoch millis of each cycle run. */
  cycleSpans: [number, number][];
}

export async function runSyncWindow(deps: SyncDeps, o: WindowOptions): Promise<WindowResult> {
  const now = deps.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const leaseName = `sync-${deps.connector.id}`;
  const ttl = o.intervalMs * 2 + (deps.cycleBudgetMs ?? 20_000) + 10_000;
  const end = now() + o.windowMs;
  if (!(await acquireLease(deps.db, leaseName, o.owner, ttl, now()))) {
    logs.syncSkipped(deps.connector.id, 'another poller holds the lease');
    return { leaseHeld: false, cycles: [], cycleSpans: [] };
  }
  const cycles: CycleResult[] = [];
  const cycleSpans: [number, number][] = [];
  let carry: CycleResult['carry'];
  try {
    while (now() < end && cycles.length < (o.maxCycles ?? Infinity) && !o.signal?.aborted) {
      const t0 = now();
      if (cycles.length > 0 && !(await acquireLease(deps.db, leaseName, o.owner, ttl, t0))) break;
      const r = await runSyncCycle(deps, carry);
      carry = r.carry;
      cycles.push(r);
      cycleSpans.push([t0, now()]);
      // A cycle that spent long writing has let changes pile up behind the SKUs it already wrote:
      // read again at once rather than adding a full interval to their wait.
      if (r.hasMore || (r.metrics?.applyMs ?? 0) > (o.busyAfterMs ?? 1000)) continue;
      const wait = t0 + o.intervalMs - now();
      if (now() + Math.max(0, wait) >= end) break;
      if (wait > 0) await sleep(wait);
    }
  } finally {
    await releaseLease(deps.db, leaseName, o.owner);
  }
  return { leaseHeld: true, cycles, cycleSpans };
}
