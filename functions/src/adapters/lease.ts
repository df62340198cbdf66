/**
 * The one lease of the system, in Firestore (`leases/{name}`): the relay of long-running workers
 * (the sync's poller, the event publisher) and plain mutual exclusion (the checkout queue's
 * drain, a push job's processing) alike. Owners are per invocation. The shift runner built on it
 * is adapters/relay-shift.ts. The decisions are in domain/relay.ts; this module only reads and writes the document, as a
 * compare-and-set (a write under the read's update-time precondition, re-read on a conflict)
 * rather than a transaction: the holder, its heartbeat, the standby and newcomers all touch this
 * one document, and transactions on it queue behind each other's locks (seconds in the emulator).
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from './collections';
import { isConflict } from './firestore-errors';
import { LeaseView, onAcquire, onArrive, onRenew, onWait } from '../domain/relay';

const millis = (v: unknown) => (v instanceof Timestamp ? v.toMillis() : 0);
const ts = (ms: number) => Timestamp.fromMillis(ms);
const tsOrNull = (ms: number | null) => (ms === null ? null : ts(ms));

function view(data: FirebaseFirestore.DocumentData | undefined): LeaseView | null {
  if (!data) return null;
  return {
    owner: typeof data.owner === 'string' ? data.owner : null,
    expiresAt: millis(data.expiresAt),
    successor: typeof data.successor === 'string' ? data.successor : null,
    successorUntil: millis(data.successorUntil),
    nextDueAt: data.nextDueAt instanceof Timestamp ? millis(data.nextDueAt) : null,
  };
}

export type ArriveResult = { kind: 'hold'; nextDueAt: number | null } | { kind: 'stand_by' } | { kind: 'leave'; reason: string };
export type TurnResult = { kind: 'take'; tookOver: boolean; nextDueAt: number | null } | { kind: 'wait' } | { kind: 'leave'; reason: string };
export type RenewResult = 'keep' | 'handed_over' | 'lost';

export class RelayLease {
  private readonly ref: FirebaseFirestore.DocumentReference;

  constructor(
    db: Firestore,
    readonly name: string,
    /** One owner per invocation (never per process: one process may serve several invocations). */
    readonly owner: string,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.ref = db.collection(C.leases).doc(name);
  }

  /** Reads the lease, decides, and writes `patch` only if the document is still what was read. */
  private async change<T>(decide: (l: LeaseView | null, now: number) => { patch?: Record<string, unknown>; result: T }): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const snap = await this.ref.get();
      const { patch, result } = decide(view(snap.data()), this.now());
      if (!patch) return result;
      try {
        if (snap.exists) await this.ref.update(patch, { lastUpdateTime: snap.updateTime! });
        else await this.ref.create(patch);
        return result;
      } catch (err) {
        if (!isConflict(err) || attempt >= 20) throw err;
      }
    }
  }

  /** The fields that make `owner` the holder; a live standby other than the new holder keeps its place. */
  private holder(l: LeaseView | null, owner: string, now: number, nextDueAt: number | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const keepSuccessor = l && l.successor !== owner && l.successorUntil > now;
    return {
      owner,
      expiresAt: ts(now + this.ttlMs),
      renewedAt: ts(now),
      heldSince: ts(now),
      successor: keepSuccessor ? l.successor : null,
      successorUntil: keepSuccessor ? ts(l.successorUntil) : null,
      nextDueAt: tsOrNull(nextDueAt),
      ...extra,
    };
  }

  private registration(now: number): Record<string, unknown> {
    return { successor: this.owner, successorUntil: ts(now + this.ttlMs) };
  }

  /** On arrival: hold the lease, register as the standby, or leave. */
  arrive(): Promise<ArriveResult> {
    return this.change<ArriveResult>((l, now) => {
      const d = onArrive(l, this.owner, now);
      if (d.kind === 'hold') {
        const due = l?.nextDueAt ?? null;
        return { patch: this.holder(l, this.owner, now, due), result: { kind: 'hold', nextDueAt: due } };
      }
      return { patch: d.kind === 'stand_by' ? this.registration(now) : undefined, result: d };
    });
  }

  /**
   * Mutual exclusion without a relay (a short drain of a queue): true when this owner now holds
   * the lease. Renew with `renew(false, null)`, give back with `release(null)`.
   */
  tryHold(): Promise<boolean> {
    return this.change<boolean>((l, now) => {
      const d = onAcquire(l, this.owner, now);
      return d.kind === 'hold' ? { patch: this.holder(l, this.owner, now, l?.nextDueAt ?? null), result: true } : { result: false };
    });
  }

  /** A standby's look at the lease: a plain read while nothing changes, a write to act. */
  async checkTurn(refresh: boolean): Promise<TurnResult> {
    return this.change<TurnResult>((l, now) => {
      const d = onWait(l, this.owner, now);
      if (d.kind === 'take') {
        const due = d.tookOver ? null : (l?.nextDueAt ?? null);
        return { patch: this.holder(l, this.owner, now, due), result: { kind: 'take', tookOver: d.tookOver, nextDueAt: due } };
      }
      return { patch: d.kind === 'wait' && refresh ? this.registration(now) : undefined, result: d };
    });
  }

  /**
   * The holder's renewal. With `mayHandOver` (always when leaving) the lease passes to a live
   * successor, due at `nextDueAt`; when leaving without one, the lease is freed and the due time stays.
   */
  renew(mayHandOver: boolean, nextDueAt: number | null, leaving = false): Promise<RenewResult> {
    return this.change<RenewResult>((l, now) => {
      const d = onRenew(l, this.owner, now, mayHandOver || leaving);
      if (d.kind === 'lost') {
        // A standby that leaves withdraws its registration.
        return { patch: leaving && l?.successor === this.owner ? { successor: null, successorUntil: null } : undefined, result: 'lost' };
      }
      if (d.kind === 'hand_over') return { patch: this.holder(l, d.to, now, nextDueAt, { handedOverBy: this.owner }), result: 'handed_over' };
      const patch = leaving ? { owner: null, expiresAt: ts(0), nextDueAt: tsOrNull(nextDueAt) } : { expiresAt: ts(now + this.ttlMs), renewedAt: ts(now), nextDueAt: tsOrNull(nextDueAt) };
      return { patch, result: 'keep' };
    });
  }

  release(nextDueAt: number | null): Promise<RenewResult> {
    return this.renew(true, nextDueAt, true);
  }
}

/**
 * Ends a relay for `forMs`: the lease and the standby slot are taken by a name no invocation has,
 * so the holder finds its lease lost at its next heartbeat, the standby leaves, and newcomers leave
 * at once. For tests, the benchmark and maintenance; deleting the document ends it.
 */
export async function haltRelay(db: Firestore, name: string, forMs = 10 * 60_000): Promise<void> {
  const until = ts(Date.now() + forMs);
  await db.collection(C.leases).doc(name).set({ owner: 'halted', expiresAt: until, successor: 'halted-standby', successorUntil: until, nextDueAt: null });
}
