/**
 * The one rate limiter: fixed-window request counters (`rateLimits/{key}@{windowStart}`), shared by every
 * instance (push sources per minute, shoppers per minute). A refusal says when to retry.
 */
import { FieldValue, Firestore } from 'firebase-admin/firestore';
import { C } from './collections';
import { expireAt } from './retention';

/**
 * Counts one request in its window and answers the window's count so far. One document per key and
 * window (`rateLimits/{key}@{windowStart}`), an atomic increment then a read: no transaction, so
 * no lock. A transaction on one counter per source made a source's concurrent pushes queue on the
 * document's lock, and at 10 pushes/s the emulator answered "Transaction lock timeout" (500s).
 * The count read may include requests that came in just after this one: near the limit a request
 * may be refused a little early, never let through late.
 */
export async function countRequest(db: Firestore, key: string, windowStart: number, windowMs = 60_000): Promise<number> {
  const ref = db.collection(C.rateLimits).doc(`${key}@${windowStart}`);
  await ref.set({ key, windowStart, count: FieldValue.increment(1), updatedAt: FieldValue.serverTimestamp(), expireAt: expireAt('rateLimits', windowStart + windowMs) }, { merge: true });
  return ((await ref.get()).data()?.count as number | undefined) ?? 1;
}

export type Verdict = { ok: true; count: number } | { ok: false; count: number; retryAfterSeconds: number };

export class FixedWindowLimiter {
  constructor(
    private readonly db: Firestore,
    private readonly max: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one request under `key` and says whether it is within the limit. */
  async take(key: string, now = Date.now()): Promise<Verdict> {
    const windowStart = Math.floor(now / this.windowMs) * this.windowMs;
    const count = await countRequest(this.db, key, windowStart, this.windowMs);
    if (count <= this.max) return { ok: true, count };
    return { ok: false, count, retryAfterSeconds: Math.ceil((windowStart + this.windowMs - now) / 1000) };
  }
}
