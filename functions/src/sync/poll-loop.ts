/**
 * Sub-minute polling inside a per-minute scheduled invocation: hold a lease so two invocations
 * never poll at once and run cycles until the window closes: at least one per interval, sooner
 * when the cycles get long (see `pacing`), at once while the feed says there is more.
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
  /**
   * When the next cycle starts. `lag` (default): a change that arrives just after a read waits
   * for the next read and then for its SKU's write, which takes about as long as the last cycle
   * took, so the next read starts `interval - 2 x last cycle` after the last one ended (at once
   * when cycles take half an interval or more); the wait from change to commit then stays about
   * one interval under any load, and an idle feed is still read once per interval. `interval`:
   * one cycle per interval, and at once after a cycle that spent over `busyAfterMs` writing
   * (fewer reads and more coalescing; lag up to an interval plus a cycle).
   */
  pacing?: 'lag' | 'interval';
  /** For `interval` pacing: a cycle whose writes took longer than this is followed at once (default 1 s). */
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
      if (r.hasMore) continue;
      const wait = nextWait(o, t0, now(), r);
      if (now() + Math.max(0, wait) >= end) break;
      if (wait > 0) await sleep(wait);
    }
  } finally {
    await releaseLease(deps.db, leaseName, o.owner);
  }
  return { leaseHeld: true, cycles, cycleSpans };
}

/** How long to wait after a cycle that started at `started` and ended at `ended` (see `pacing`). */
export function nextWait(o: Pick<WindowOptions, 'intervalMs' | 'pacing' | 'busyAfterMs'>, started: number, ended: number, r: Pick<CycleResult, 'outcome' | 'metrics'>): number {
  // A failing WMS is not read faster because its failures were slow.
  if (r.outcome !== 'synced') return Math.max(0, started + o.intervalMs - ended);
  if ((o.pacing ?? 'lag') === 'lag') return Math.max(0, o.intervalMs - 2 * (ended - started));
  // A cycle that spent long writing has let changes pile up behind the SKUs it already wrote:
  // read again at once rather than adding a full interval to their wait.
  if ((r.metrics?.applyMs ?? 0) > (o.busyAfterMs ?? 1000)) return 0;
  return Math.max(0, started + o.intervalMs - ended);
}
