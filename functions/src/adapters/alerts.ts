/**
 * The one writer of operator alerts (`alerts/{id}`), with one lifecycle: a condition opens its
 * alert (status `open`, `raisedAt` kept while it stays open), and resolves it when it no longer
 * holds (status `resolved`, `resolvedAt`). Conditions checked every cycle go through
 * `raiseOrResolve`; writers inside a transaction or a batch use `openAlert` / `resolveAlert`.
 */
import { DocumentData, DocumentReference, FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from './collections';
import * as logs from '../logs';
import { expireAt } from './retention';
import { DomainError } from '../errors';

export interface AlertCondition {
  id: string;
  active: boolean;
  fields: Record<string, unknown> & { kind: string };
  /**
   * How long the condition must hold before the alert opens (0 or absent: at once). Meanwhile the
   * document is `pending` with `pendingSince`; a condition that clears before then leaves no alert.
   */
  forMs?: number;
}

/** What writing an alert needs: a transaction, a batch or a wire batch. */
export interface AlertWriter {
  set(ref: DocumentReference, data: DocumentData, options: { merge: true }): unknown;
}

export function alertRef(db: Firestore, id: string): DocumentReference {
  return db.collection(C.alerts).doc(id);
}

type At = Timestamp | FieldValue;

/** Opens (or keeps open) an alert; `raisedAt` is set only when it was not open (`wasOpen`). */
export function openAlert(w: AlertWriter, db: Firestore, id: string, fields: AlertCondition['fields'], at: At, wasOpen = false): void {
  if (!wasOpen) logs.alertRaised(fields.kind, fields);
  w.set(alertRef(db, id), { ...fields, status: 'open', ...(wasOpen ? {} : { raisedAt: at, acknowledgedBy: null, acknowledgedAt: null }), updatedAt: at, expireAt: null }, { merge: true });
}

export function resolveAlert(w: AlertWriter, db: Firestore, id: string, fields: Partial<AlertCondition['fields']>, at: At): void {
  // A resolved alert is history: kept for its retention, then deleted by the TTL policy.
  w.set(alertRef(db, id), { ...fields, status: 'resolved', resolvedAt: at, updatedAt: at, expireAt: expireAt('alerts') }, { merge: true });
}

/**
 * Keeps one alert document per condition: open while it holds, resolved once it does not. Every
 * cycle checks its conditions with one read of their documents (which usually do not exist) and
 * writes only what changes, in one batch.
 */
export async function raiseOrResolve(db: Firestore, conditions: AlertCondition[], now = Date.now()): Promise<void> {
  if (!conditions.length) return;
  const snaps = await db.getAll(...conditions.map((c) => alertRef(db, c.id)));
  const batch = db.batch();
  let writes = 0;
  conditions.forEach(({ id, active, fields, forMs = 0 }, i) => {
    const data = snaps[i]!.data();
    const open = data?.status === 'open';
    const pendingSince = data?.status === 'pending' && data.pendingSince instanceof Timestamp ? data.pendingSince.toMillis() : null;
    if (active && (open || forMs <= 0 || (pendingSince !== null && now - pendingSince >= forMs))) {
      openAlert(batch, db, id, fields, FieldValue.serverTimestamp(), open);
      writes++;
    } else if (active && pendingSince === null) {
      // Holding, not yet for long enough: noted, nobody paged.
      batch.set(alertRef(db, id), { ...fields, status: 'pending', pendingSince: Timestamp.fromMillis(now), forMs, updatedAt: FieldValue.serverTimestamp(), expireAt: expireAt('alerts', now) }, { merge: true });
      writes++;
    } else if (!active && open) {
      resolveAlert(batch, db, id, {}, FieldValue.serverTimestamp());
      writes++;
    } else if (!active && pendingSince !== null) {
      // Cleared before it counted: no episode, nothing to resolve.
      batch.delete(alertRef(db, id));
      writes++;
    }
  });
  if (writes) await batch.commit();
}

/** An operator takes an open alert: who and when, kept for this episode (a new episode clears it). */
export async function acknowledgeAlert(db: Firestore, id: string, operator: string): Promise<{ alertId: string; status: string; acknowledgedBy: string }> {
  return db.runTransaction(async (tx) => {
    const ref = alertRef(db, id);
    const d = (await tx.get(ref)).data();
    if (!d) throw new DomainError('not-found', 'no such alert');
    if (d.status !== 'open') throw new DomainError('failed-precondition', `the alert is ${String(d.status)}`, { status: d.status });
    tx.update(ref, { acknowledgedBy: operator, acknowledgedAt: FieldValue.serverTimestamp() });
    return { alertId: id, status: 'open', acknowledgedBy: operator };
  });
}
