/**
 * The relay: one long-running worker (the holder) at a time, with the next invocation waiting
 * beside it (the standby) so that a shift change or a dead holder never leaves a gap.
 *
 * These are the decisions over the lease document, as pure functions of what it says and the
 * time. Owners are per invocation: two invocations in one process are two owners.
 */

export interface LeaseView {
  owner: string | null;
  /** Epoch millis; the holder renews it, and anyone may take the lease once it has passed. */
  expiresAt: number;
  /** The invocation waiting to take over, and until when its registration is valid. */
  successor: string | null;
  successorUntil: number;
  /** When the holder's next unit of work is due: the successor keeps that pace after a handover. */
  nextDueAt: number | null;
}

export const EMPTY_LEASE: LeaseView = { owner: null, expiresAt: 0, successor: null, successorUntil: 0, nextDueAt: null };

export type Arrival =
  /** The lease is free, expired or already ours: start working. */
  | { kind: 'hold' }
  /** Someone holds it: register as the successor and wait. */
  | { kind: 'stand_by' }
  /** Someone holds it and a live successor already waits: this invocation is not needed. */
  | { kind: 'leave'; reason: string };

const held = (l: LeaseView, now: number) => l.owner !== null && l.expiresAt > now;
const liveSuccessor = (l: LeaseView, now: number) => l.successor !== null && l.successorUntil > now;

export function onArrive(l: LeaseView | null, me: string, now: number): Arrival {
  if (!l || !held(l, now) || l.owner === me) return { kind: 'hold' };
  if (liveSuccessor(l, now) && l.successor !== me) return { kind: 'leave', reason: 'a holder and a standby are already running' };
  return { kind: 'stand_by' };
}

/** A plain mutual exclusion (no standby, for short drains): hold the lease if it is free, expired or ours. */
export function onAcquire(l: LeaseView | null, me: string, now: number): { kind: 'hold' } | { kind: 'leave'; reason: string } {
  if (!l || !held(l, now) || l.owner === me) return { kind: 'hold' };
  return { kind: 'leave', reason: 'held by another owner' };
}

export type Turn =
  /** The holder handed over to us, or it died (its lease expired): take the lease. */
  | { kind: 'take'; tookOver: boolean }
  | { kind: 'wait' }
  /** Another invocation replaced our registration (ours lapsed) or took the lease: leave. */
  | { kind: 'leave'; reason: string };

/** What a waiting standby does on looking at the lease again. */
export function onWait(l: LeaseView | null, me: string, now: number): Turn {
  if (l?.owner === me && l.expiresAt > now) return { kind: 'take', tookOver: false };
  if (!l || !held(l, now)) {
    // The holder is gone. We take over unless another live standby registered in our place.
    if (l && liveSuccessor(l, now) && l.successor !== me) return { kind: 'leave', reason: 'another standby took over' };
    return { kind: 'take', tookOver: true };
  }
  if (l.successor !== me && liveSuccessor(l, now)) return { kind: 'leave', reason: 'another standby replaced this one' };
  return { kind: 'wait' };
}

export type Renewal =
  | { kind: 'keep' }
  /** Pass the lease to the waiting successor: it continues at `nextDueAt`. */
  | { kind: 'hand_over'; to: string }
  /** The lease is someone else's now (we stalled past our TTL): stop working. */
  | { kind: 'lost' };

/** What the holder does when it renews; it hands over only when it may and a live successor waits. */
export function onRenew(l: LeaseView | null, me: string, now: number, mayHandOver: boolean): Renewal {
  if (!l || l.owner !== me) return { kind: 'lost' };
  // Our lease ran out and a successor waits to take it: it may already be working.
  if (l.expiresAt <= now && liveSuccessor(l, now)) return { kind: 'lost' };
  if (mayHandOver && liveSuccessor(l, now)) return { kind: 'hand_over', to: l.successor! };
  return { kind: 'keep' };
}
