/**
 * Operator overrides with reason codes. A change above the threshold waits for a second
 * operator's approval; every applied adjustment is in the event log and in `adjustments`.
 */
import { describe, fieldErrors } from '../zod-errors';
import { DomainError } from '../errors';
import { locationId } from '../domain/ids';
import { FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import { adjustLocation } from '../domain/inventory';
import { C } from '../adapters/collections';
import { stockFromDoc, stockRef, writeInTransaction } from '../stock/stock-store';

export const REASON_CODES = ['cycle_count', 'damaged', 'lost', 'found', 'returned', 'correction', 'vendor_cancellation'] as const;

export const adjustInput = z.object({
  locationId,
  onHand: z.number().int().min(0).max(1_000_000_000),
  reasonCode: z.enum(REASON_CODES),
  note: z.string().max(1000).optional().default(''),
}).strict();


export interface ApprovalPolicy {
  /** Changes of more than this many units, or more than `maxFraction` of the count, need approval. */
  maxUnits: number;
  maxFraction: number;
}

export const DEFAULT_POLICY: ApprovalPolicy = { maxUnits: 50, maxFraction: 0.5 };

export async function requestAdjustment(db: Firestore, sku: string, operator: string, input: unknown, threshold: number, policy = DEFAULT_POLICY) {
  const r = adjustInput.safeParse(input);
  if (!r.success) {
    const errors = fieldErrors(r.error, '(body)');
    throw new DomainError('invalid-argument', describe(errors), { errors });
  }
  const snap = await stockRef(db, sku).get();
  if (!snap.exists) throw new DomainError('not-found', `unknown SKU ${sku}`);
  const { state } = stockFromDoc(sku, snap.data(), threshold);
  const current = state.locations[r.data.locationId]?.onHand ?? 0;
  const delta = r.data.onHand - current;
  const large = Math.abs(delta) > policy.maxUnits || (current > 0 && Math.abs(delta) / current > policy.maxFraction);
  const ref = db.collection(C.adjustments).doc();
  await ref.set({
    sku, ...r.data, from: current, delta, requestedBy: operator, createdAt: FieldValue.serverTimestamp(),
    state: large ? 'pending_approval' : 'approved',
  });
  if (!large) return { adjustmentId: ref.id, ...(await applyAdjustment(db, ref.id, operator, threshold)) };
  return { adjustmentId: ref.id, state: 'pending_approval', delta };
}

export async function approveAdjustment(db: Firestore, adjustmentId: string, approver: string, threshold: number) {
  const ref = db.collection(C.adjustments).doc(adjustmentId);
  const d = (await ref.get()).data();
  if (!d) throw new DomainError('not-found', 'no such adjustment');
  if (d.state !== 'pending_approval') throw new DomainError('failed-precondition', `the adjustment is ${d.state}`);
  if (d.requestedBy === approver) throw new DomainError('permission-denied', 'a second operator must approve');
  await ref.update({ state: 'approved', approvedBy: approver, approvedAt: FieldValue.serverTimestamp() });
  return { adjustmentId, ...(await applyAdjustment(db, adjustmentId, approver, threshold)) };
}

async function applyAdjustment(db: Firestore, adjustmentId: string, operator: string, threshold: number) {
  return db.runTransaction(async (tx) => {
    const ref = db.collection(C.adjustments).doc(adjustmentId);
    const a = (await tx.get(ref)).data()!;
    if (a.state === 'applied') return { state: 'applied' };
    const snap = await tx.get(stockRef(db, a.sku));
    const { state, version } = stockFromDoc(a.sku, snap.data(), threshold);
    const r = adjustLocation(state, a.locationId, a.onHand, Date.now(), { source: 'operator', reason: `${a.reasonCode}${a.note ? `: ${a.note}` : ''}` });
    const now = Timestamp.now();
    if (r.events.length) writeInTransaction(tx, db, { version }, r.state, r.events, now, adjustmentId);
    tx.update(ref, { state: 'applied', appliedAt: now, appliedBy: operator });
    return { state: 'applied' };
  });
}
