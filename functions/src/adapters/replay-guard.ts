/**
 * One use per signed request: each signature is remembered (`signatureUses/{key}`) for as long as
 * it could be accepted, so a captured request replayed within the window is refused.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from './collections';
import { Code, codeOf } from './firestore-errors';
import { expireAt } from './retention';

/** True the first time; false for a replay. */
export async function firstUse(db: Firestore, key: string, signedAt: number, windowSeconds: number): Promise<boolean> {
  try {
    await db.collection(C.signatureUses).doc(key).create({ signedAt: Timestamp.fromMillis(signedAt * 1000), expireAt: expireAt('signatureUses', (signedAt + 2 * windowSeconds) * 1000) });
    return true;
  } catch (err) {
    if (codeOf(err) === Code.ALREADY_EXISTS) return false;
    throw err;
  }
}
