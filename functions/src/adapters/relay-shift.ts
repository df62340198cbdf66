/**
 * The relay's shift runner over the one lease (adapters/lease.ts): at most one holder does the
 * work; the next invocation waits beside it as the standby and takes over at the holder's pace when
 * the holder hands over, or at once when the holder's lease expires (it died).
 */
import { RelayLease } from './lease';

export interface ShiftOptions {
  /** Hold at least this long before handing over to a waiting standby. */
  holdMs: number;
  /** Start no work after this age (the invocation's deadline minus the longest unit of work). */
  lifeMs: number;
  /** How often a standby looks at the lease. */
  standbyPollMs?: number;
  /** How often the holder offers a handover between units of work (at most). */
  handoverCheckMs?: number;
  signal?: AbortSignal;
  /** Rung when work may be waiting (a listener saw some): the holder's wait for the next unit ends at once. */
  wake?: Wake;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * A doorbell for the holder: `ring()` says work may be waiting, and the next unit runs at once
 * instead of when the last one said it is due. A ring while a unit runs is kept for after it.
 */
export class Wake {
  private rung = false;
  private waiter?: () => void;

  ring(): void {
    this.rung = true;
    this.waiter?.();
  }

  /** Whether it rang since the last call (and forgets it). */
  take(): boolean {
    const r = this.rung;
    this.rung = false;
    return r;
  }

  /** Resolves after `ms`, or at a ring if sooner. */
  sleep(ms: number): Promise<void> {
    if (this.rung) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
  }
}


export interface ShiftResult {
  role: 'holder' | 'left';
  reason?: string;
  /** Whether this invocation waited as the standby first, and whether it took over a dead holder. */
  stoodBy: boolean;
  tookOver: boolean;
  /** How the shift ended: handed to the standby, released (no standby), or the lease was lost. */
  ended?: 'handed_over' | 'released' | 'lost';
  units: number;
}

/**
 * Runs one invocation's shift. `unit` does one unit of work (a sync cycle, a publish pass) and
 * returns when the next one is due; the lease is renewed in the background every third of its TTL
 * (whatever a unit costs) and offered to a waiting standby between units once `holdMs` has passed.
 */
export async function runShift(lease: RelayLease, o: ShiftOptions, unit: (signal: AbortSignal) => Promise<number>): Promise<ShiftResult> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const born = now();
  const result: ShiftResult = { role: 'left', stoodBy: false, tookOver: false, units: 0 };
  const arrival = await lease.arrive();
  if (arrival.kind === 'leave') return { ...result, reason: arrival.reason };
  let due = now();
  if (arrival.kind === 'stand_by') {
    result.stoodBy = true;
    const turn = await standBy(lease, o, () => o.signal?.aborted === true || now() - born >= o.lifeMs, now, sleep);
    if (turn.kind !== 'take') return { ...result, reason: turn.reason };
    result.tookOver = turn.tookOver;
    due = turn.nextDueAt ?? now();
  } else if (arrival.nextDueAt !== null) {
    due = Math.min(arrival.nextDueAt, now() + 60_000);
  }
  result.role = 'holder';
  const heldSince = now();
  const lost = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, lost.signal]) : lost.signal;
  const checkMs = o.handoverCheckMs ?? 1000;
  let lastOffer = 0;
  // One renewal at a time: a heartbeat racing the handover offer would contend for the document
  // (the emulator locks it) and could read the handover as a lost lease.
  let renewing: Promise<unknown> = Promise.resolve();
  const renew = (mayHandOver: boolean, at: number | null) => {
    const r = renewing.then(() => lease.renew(mayHandOver, at));
    renewing = r.catch(() => undefined);
    return r;
  };
  let beating = false;
  const heartbeat = setInterval(() => {
    if (beating || result.ended) return;
    beating = true;
    renew(false, null)
      .then((r) => {
        if (r === 'lost' && !result.ended) {
          result.ended = 'lost';
          lost.abort();
        }
      })
      // A failed renewal is retried at the next beat; the TTL covers two misses.
      .catch(() => undefined)
      .finally(() => (beating = false));
  }, lease.ttlMs / 3);
  try {
    while (!signal.aborted && now() - born < o.lifeMs) {
      if (now() - heldSince >= o.holdMs && now() - lastOffer >= checkMs) {
        lastOffer = now();
        const r = await renew(true, due);
        if (r !== 'keep') {
          result.ended ??= r;
          return result;
        }
      }
      if (o.wake?.take()) due = Math.min(due, now());
      const wait = due - now();
      if (wait > 0) {
        // Sleep in short steps so an abort or a waiting standby is noticed promptly.
        await (o.wake ? o.wake.sleep(Math.min(wait, checkMs)) : sleep(Math.min(wait, checkMs)));
        continue;
      }
      due = await unit(signal);
      result.units++;
    }
  } finally {
    clearInterval(heartbeat);
    await renewing;
    if (result.ended === undefined) {
      const r = await lease.release(due);
      result.ended = r === 'keep' ? 'released' : r;
    }
  }
  return result;
}

/** Waits as the standby until the lease is ours, another invocation replaces us, or `done()`. */
async function standBy(
  lease: RelayLease,
  o: ShiftOptions,
  done: () => boolean,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
): Promise<{ kind: 'take'; tookOver: boolean; nextDueAt: number | null } | { kind: 'leave'; reason: string }> {
  let lastRefresh = now();
  for (;;) {
    if (done()) {
      await lease.release(null);
      return { kind: 'leave', reason: 'no turn before the end of this invocation' };
    }
    await sleep(o.standbyPollMs ?? 250);
    const refresh = now() - lastRefresh >= lease.ttlMs / 3;
    if (refresh) lastRefresh = now();
    const turn = await lease.checkTurn(refresh);
    if (turn.kind !== 'wait') return turn;
  }
}
