/**
 * Fixed-window request counters (`rateLimits/{key}`), shared by every instance: push sources per
 * minute, shoppers per minute. Answers the count including this request.
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
