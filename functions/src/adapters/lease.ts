/**
 * A Firestore lease: at most one holder at a time, expiring on its own if the holder dies.
 * Renewing checks that we still hold it, so a paused holder that lost the lease stops.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from './collections';

export async function acquireLease(db: Firestore, name: string, owner: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const ref = db.collection(C.leases).doc(name);
  return db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const cur = snap.data();
    const expires = cur?.expiresAt instanceof Timestamp ? cur.expiresAt.toMillis() : 0;
    if (cur && cur.owner !== owner && expires > now) return false;
    tx.set(ref, { owner, expiresAt: Timestamp.fromMillis(now + ttlMs), renewedAt: Timestamp.fromMillis(now) });
    return true;
  });
}

export async function releaseLease(db: Firestore, name: string, owner: string): Promise<void> {
  const ref = db.collection(C.leases).doc(name);
  await db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (snap.exists && snap.data()?.owner === owner) tx.delete(ref);
  });
}
