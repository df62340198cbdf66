/**
 * The relay lease in Firestore (`leases/{name}`), and the shift runner built on it: at most one
 * holder does the work; the next invocation waits beside it as the standby and takes over at the
 * holder's pace when the holder hands over, or at once when the holder's lease expires (it died).
 * The decisions are in domain/relay.ts; this module only reads and writes the document.
 */
import { Firestore, Timestamp, Transaction } from 'firebase-admin/firestore';
import { C } from './collections';
import { LeaseView, onArrive, onRenew, onWait } from '../domain/relay';

const millis = (v: unknown) => (v instanceof Timestamp ? v.toMillis() : 0);
const ts = (ms: number) => Timestamp.fromMillis(ms);

function view(data: FirebaseFirestore.DocumentData | undefined): LeaseView | null {
  if (!data) return null;
  return {
    owner: typeof data.owner === 'string' ? data.owner : null,
    expiresAt: millis(data.expiresAt),
    successor: typeof data.successor === 'string' ? data.successor : null,
    successorUntil: millis(data.successorUntil),
    nextDueAt: data.nextDueAt instanceof Timestamp ? data.nextDueAt.toMillis() : null,
  };
}

export type ArriveResult = { kind: 'hold'; nextDueAt: number | null } | { kind: 'stand_by' } | { kind: 'leave'; reason: string };
export type TurnResult = { kind: 'take'; tookOver: boolean; nextDueAt: number | null } | { kind: 'wait' } | { kind: 'leave'; reason: string };
export type RenewResult = 'keep' | 'handed_over' | 'lost';

export class RelayLease {
  private readonly ref: FirebaseFirestore.DocumentReference;

  constructor(
    private readonly db: Firestore,
    readonly name: string,
    /** One owner per invocation (never per process: one process may serve several invocations). */
    readonly owner: string,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.ref = db.collection(C.leases).doc(name);
  }

  private tx<T>(fn: (tx: Transaction, l: LeaseView | null, now: number) => T): Promise<T> {
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(this.ref);
      return fn(tx, view(snap.data()), this.now());
    });
  }

  private hold(tx: Transaction, l: LeaseView | null, now: number, nextDueAt: number | null): void {
    const keepSuccessor = l && l.successor !== this.owner && l.successorUntil > now;
    tx.set(this.ref, {
      owner: this.owner,
      expiresAt: ts(now + this.ttlMs),
      renewedAt: ts(now),
      heldSince: ts(now),
      successor: keepSuccessor ? l.successor : null,
      successorUntil: keepSuccessor ? ts(l.successorUntil) : null,
      nextDueAt: nextDueAt === null ? null : ts(nextDueAt),
    });
  }

  /** On arrival: hold the lease, register as the standby, or leave. */
  arrive(): Promise<ArriveResult> {
    return this.tx((tx, l, now) => {
      const d = onArrive(l, this.owner, now);
      if (d.kind === 'hold') {
        const due = l?.nextDueAt ?? null;
        this.hold(tx, l, now, due);
        return { kind: 'hold', nextDueAt: due };
      }
      if (d.kind === 'stand_by') tx.update(this.ref, { successor: this.owner, successorUntil: ts(now + this.ttlMs) });
      return d;
    });
  }

  /** A standby's look at the lease: a plain read while nothing changes, a transaction to act. */
  async checkTurn(refresh: boolean): Promise<TurnResult> {
    const quick = onWait(view((await this.ref.get()).data()), this.owner, this.now());
    if (quick.kind === 'wait' && !refresh) return quick;
    if (quick.kind === 'leave') return quick;
    return this.tx((tx, l, now) => {
      const d = onWait(l, this.owner, now);
      if (d.kind === 'take') {
        const due = l?.nextDueAt ?? null;
        this.hold(tx, l, now, d.tookOver ? null : due);
        return { kind: 'take', tookOver: d.tookOver, nextDueAt: d.tookOver ? null : due };
      }
      if (d.kind === 'wait') tx.update(this.ref, { successor: this.owner, successorUntil: ts(now + this.ttlMs) });
      return d;
    });
  }

  /** The holder's renewal; with `mayHandOver` it passes the lease to a live successor, due at `nextDueAt`. */
  renew(mayHandOver: boolean, nextDueAt: number | null): Promise<RenewResult> {
    return this.tx((tx, l, now) => {
      const d = onRenew(l, this.owner, now, mayHandOver);
      if (d.kind === 'lost') return 'lost';
      if (d.kind === 'hand_over') {
        tx.set(this.ref, {
          owner: d.to,
          expiresAt: ts(now + this.ttlMs),
          renewedAt: ts(now),
          heldSince: ts(now),
          successor: null,
          successorUntil: null,
          nextDueAt: nextDueAt === null ? null : ts(nextDueAt),
          handedOverBy: this.owner,
        });
        return 'handed_over';
      }
      tx.update(this.ref, { expiresAt: ts(now + this.ttlMs), renewedAt: ts(now), nextDueAt: nextDueAt === null ? null : ts(nextDueAt) });
      return 'keep';
    });
  }

  /** Leaving: hand over to a live successor if one waits, else free the lease (the due time stays). */
  release(nextDueAt: number | null): Promise<RenewResult> {
    return this.tx((tx, l, now) => {
      const d = onRenew(l, this.owner, now, true);
      if (d.kind === 'lost') {
        // A standby that leaves withdraws its registration.
        if (l?.successor === this.owner) tx.update(this.ref, { successor: null, successorUntil: null });
        return 'lost';
      }
      if (d.kind === 'hand_over') {
        tx.set(this.ref, {
          owner: d.to, expiresAt: ts(now + this.ttlMs), renewedAt: ts(now), heldSince: ts(now),
          successor: null, successorUntil: null, nextDueAt: nextDueAt === null ? null : ts(nextDueAt), handedOverBy: this.owner,
        });
        return 'handed_over';
      }
      tx.update(this.ref, { owner: null, expiresAt: ts(0), nextDueAt: nextDueAt === null ? null : ts(nextDueAt) });
      return 'keep';
    });
  }
}

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
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
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
    let lastRefresh = now();
    for (;;) {
      if (o.signal?.aborted || now() - born >= o.lifeMs) {
        await lease.release(null);
        return { ...result, reason: 'no turn before the end of this invocation' };
      }
      await sleep(o.standbyPollMs ?? 250);
      const refresh = now() - lastRefresh >= lease.ttlMs / 3;
      if (refresh) lastRefresh = now();
      const turn = await lease.checkTurn(refresh);
      if (turn.kind === 'leave') return { ...result, reason: turn.reason };
      if (turn.kind === 'take') {
        result.tookOver = turn.tookOver;
        due = turn.nextDueAt ?? now();
        break;
      }
    }
  } else if (arrival.nextDueAt !== null) {
    due = Math.min(arrival.nextDueAt, now() + 60_000);
  }
  result.role = 'holder';
  const heldSince = now();
  const lost = new AbortController();
  const stop = () => lost.abort();
  o.signal?.addEventListener('abort', stop);
  let lastOffer = 0;
  // One renewal at a time: a heartbeat racing the handover offer would contend for the document
  // (the emulator locks it) and could read the handover as a lost lease.
  let renewing: Promise<unknown> = Promise.resolve();
  const renew = (mayHandOver: boolean, due: number | null) => {
    const r = renewing.then(() => lease.renew(mayHandOver, due));
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
    while (!lost.signal.aborted && now() - born < o.lifeMs) {
      if (now() - heldSince >= o.holdMs && now() - lastOffer >= (o.handoverCheckMs ?? 1000)) {
        lastOffer = now();
        const r = await renew(true, due);
        if (r !== 'keep') {
          result.ended ??= r;
          return result;
        }
      }
      const wait = due - now();
      if (wait > 0) {
        // Sleep in short steps so an abort or a waiting standby is noticed promptly.
        await sleep(Math.min(wait, o.handoverCheckMs ?? 1000));
        continue;
      }
      due = await unit(lost.signal);
      result.units++;
    }
  } finally {
    clearInterval(heartbeat);
    o.signal?.removeEventListener('abort', stop);
    await renewing;
    if (result.ended === undefined) {
      const r = await lease.release(due);
      result.ended = r === 'keep' ? 'released' : r;
    }
  }
  return result;
}
