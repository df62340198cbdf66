/**
 * Sub-minute polling as a relay of scheduled invocations (docs/sync.md): each invocation holds the
 * lease for a shift and runs a cycle every interval, the next invocation waits beside it as the
 * standby and continues at the same pace when the shift is handed over, or at once if the holder
 * dies. The next cycle runs at once while the feed says there is more or the last cycle spent over
 * a second writing.
 */
import { randomUUID } from 'node:crypto';
import { RelayLease } from '../adapters/lease';
import { ShiftResult, runShift } from '../adapters/relay-shift';
import { runSyncCycle, SyncDeps, CycleResult } from './sync-cycle';
import * as logs from '../logs';

export interface SyncShiftOptions {
  intervalMs: number;
  /** Hold the lease at least this long before handing over to a waiting standby. */
  holdMs: number;
  /** Start no cycle after this age of the invocation. */
  lifeMs: number;
  /** This invocation's identity in the lease (default: a new id). */
  owner?: string;
  /** Lease TTL: a dead holder is replaced this long after its last renewal (default 15 s). */
  leaseTtlMs?: number;
  /** Stop early (tests, `npm run sync -- run`). */
  maxCycles?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A cycle whose writes took longer than this is followed at once by the next (default 0.5 s). */
  busyAfterMs?: number;
  /** Ends the shift after the cycle in progress (and hands over to a waiting standby). */
  signal?: AbortSignal;
  standbyPollMs?: number;
  /**
   * 'cadence' (default): regular reads stay on a fixed cadence of `intervalMs`, and the extra
   * reads after a busy cycle do not move it. 'restart': every cycle restarts the interval (the
   * earlier rule: a short follow-up cycle pushed the next regular read back by its own length).
   */
  pacing?: 'cadence' | 'restart';
}

export interface SyncShiftResult extends ShiftResult {
  cycles: CycleResult[];
  /** [start, end] epoch millis of each cycle run. */
  cycleSpans: [number, number][];
}

export const syncLeaseName = (connectorId: string) => `sync-${connectorId}`;

export async function runSyncShift(deps: SyncDeps, o: SyncShiftOptions): Promise<SyncShiftResult> {
  const now = deps.now ?? Date.now;
  const owner = o.owner ?? randomUUID();
  const lease = new RelayLease(deps.db, syncLeaseName(deps.connector.id), owner, o.leaseTtlMs ?? 15_000, now);
  const cycles: CycleResult[] = [];
  const cycleSpans: [number, number][] = [];
  let carry: CycleResult['carry'];
  let nextRegular = -Infinity;
  // Ends the shift after `maxCycles`, or when the caller aborts.
  const stop = new AbortController();
  const shift = await runShift(
    lease,
    { holdMs: o.holdMs, lifeMs: o.lifeMs, signal: o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal, sleep: o.sleep, now, standbyPollMs: o.standbyPollMs },
    async () => {
      const t0 = now();
      const r = await runSyncCycle(deps, carry);
      carry = r.carry;
      cycles.push(r);
      cycleSpans.push([t0, now()]);
      if (cycles.length >= (o.maxCycles ?? Infinity)) stop.abort();
      // A regular read (due, or late) sets the cadence; a follow-up read does not move it, so the
      // changes arriving after a follow-up still wait at most one interval from the last regular read.
      if (o.pacing === 'restart' || t0 >= nextRegular) nextRegular = t0 + o.intervalMs;
      // A cycle that spent long writing has let changes pile up behind the SKUs it already wrote:
      // read again at once rather than adding a full interval to their wait.
      if (r.hasMore || (r.metrics?.applyMs ?? 0) > (o.busyAfterMs ?? 500)) return now();
      return nextRegular;
    },
  );
  if (shift.role === 'left') logs.syncSkipped(deps.connector.id, shift.reason ?? 'not needed');
  logs.syncShift(deps.connector.id, { owner, ...shift, cycles: cycles.length });
  return { ...shift, cycles, cycleSpans };
}
