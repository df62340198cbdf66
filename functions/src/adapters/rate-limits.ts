/**
 * The one rate limiter: fixed-window request counters (`rateLimits/{key}`), shared by every
 * instance (push sources per minute, shoppers per minute). A refusal says when to retry.
 */
import { FieldValue, Firestore } from 'firebase-admin/firestore';
import { C } from './collections';
import { expireAt } from './retention';

export async function countRequest(db: Firestore, key: string, windowStart: number, windowMs = 60_000): Promise<number> {
  const ref = db.collection(C.rateLimits).doc(key);
  return db.runTransaction(async (tx) => {
    const d = (await tx.get(ref)).data();
    const n = d && d.windowStart === windowStart ? (d.count as number) + 1 : 1;
    tx.set(ref, { windowStart, count: n, updatedAt: FieldValue.serverTimestamp(), expireAt: expireAt('rateLimits', windowStart + windowMs) });
    return n;
  });
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
