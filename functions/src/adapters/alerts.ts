/** The alert documents that conditions open and resolve (`alerts/{id}`). */
import { FieldValue, Firestore } from 'firebase-admin/firestore';
import { C } from './collections';
import * as logs from '../logs';

export interface AlertCondition {
  id: string;
  active: boolean;
  fields: Record<string, unknown>;
}

/**
 * Keeps one alert document per condition: open while it holds, resolved once it does not. Every
 * cycle checks its conditions with one read of their documents (which usually do not exist) and
 * writes only what changes, in one batch.
 */
export async function raiseOrResolve(db: Firestore, conditions: AlertCondition[]): Promise<void> {
  const snaps = await db.getAll(...conditions.map((c) => db.collection(C.alerts).doc(c.id)));
  const batch = db.batch();
  let writes = 0;
  conditions.forEach(({ active, fields }, i) => {
    const snap = snaps[i]!;
    const open = snap.data()?.status === 'open';
    if (active) {
      if (!open) logs.alertRaised(String(fields.kind), fields);
      batch.set(snap.ref, { ...fields, status: 'open', raisedAt: open ? snap.data()!.raisedAt : FieldValue.serverTimestamp(), updatedAt: FieldValue.serverTimestamp() }, { merge: true });
      writes++;
    } else if (open) {
      batch.update(snap.ref, { status: 'resolved', resolvedAt: FieldValue.serverTimestamp() });
      writes++;
    }
  });
  if (writes) await batch.commit();
}

