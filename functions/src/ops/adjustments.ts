/**
 * Operator overrides with reason codes. A change above the threshold (cumulative per SKU per day)
 * waits for a second operator's approval; approval and application are one transaction, and the
 * reviewed delta is what applies. Every applied adjustment is in the event log (with the operator
 * as `actor`) and in `adjustments` (requestedBy, approvedBy, appliedBy).
 */
import { parseOrRefuse } from '../zod-errors';
import { DomainError } from '../errors';
import { locationId } from '../domain/ids';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import { adjustLocation } from '../domain/inventory';
import { C } from '../adapters/collections';
import { readStocks, StoredStock, writeInTransaction } from '../stock/stock-store';
import { loadAllocation } from '../adapters/allocation-config';

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

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Requests a manual count. The approval threshold is cumulative per SKU per UTC day (a large
 * change split into small ones still needs a second operator). A change under it applies at once
 * in the same transaction that records it.
 */
export async function requestAdjustment(db: Firestore, sku: string, operator: string, input: unknown, threshold: number, policy = DEFAULT_POLICY, vendorId?: string) {
  await loadAllocation(db);
  const asked = parseOrRefuse(adjustInput, input, '(body)');
  const ref = db.collection(C.adjustments).doc();
  return db.runTransaction(async (tx) => {
    const [stock] = await readStocks((...refs) => tx.getAll(...refs), db, [sku], threshold);
    if (!stock!.exists) throw new DomainError('not-found', `unknown ${vendorId !== undefined ? 'offer' : 'SKU'} ${sku}`);
    // A vendor asks only for its own offers (another's answers as unknown), and always waits for an operator.
    if (vendorId !== undefined && stock!.state.offer?.vendorId !== vendorId) throw new DomainError('not-found', `unknown offer ${sku}`);
    const nowMs = Date.now();
    const day = dayOf(nowMs);
    const today = await tx.get(db.collection(C.adjustments).where('sku', '==', sku).where('day', '==', day));
    const unitsToday = today.docs.filter((d) => ['applied', 'pending_approval'].includes(d.data().state)).reduce((n, d) => n + Math.abs(Number(d.data().delta) || 0), 0);
    const current = stock!.state.locations[asked.locationId]?.onHand ?? 0;
    const delta = asked.onHand - current;
    const large = vendorId !== undefined || unitsToday + Math.abs(delta) > policy.maxUnits || (current > 0 && Math.abs(delta) / current > policy.maxFraction);
    const now = Timestamp.fromMillis(nowMs);
    const doc = { sku, ...asked, from: current, delta, day, unitsTodayBefore: unitsToday, requestedBy: operator, createdAt: now, ...(vendorId !== undefined ? { vendorId } : {}) };
    if (large) {
      tx.create(ref, { ...doc, state: 'pending_approval' });
      return { adjustmentId: ref.id, state: 'pending_approval', delta, unitsToday: unitsToday + Math.abs(delta) };
    }
    applyIn(tx, db, ref.id, stock!, { ...doc, locationId: asked.locationId }, operator, now);
    tx.create(ref, { ...doc, state: 'applied', appliedAt: now, appliedBy: operator });
    return { adjustmentId: ref.id, state: 'applied', delta };
  });
}

/**
 * A second operator approves, and the reviewed change applies, in one transaction: the delta that
 * was reviewed, and only if the count has not moved since the request (else the request is
 * `superseded` and must be made again).
 */
export async function approveAdjustment(db: Firestore, adjustmentId: string, approver: string, threshold: number) {
  await loadAllocation(db);
  const ref = db.collection(C.adjustments).doc(adjustmentId);
  const outcome = await db.runTransaction(async (tx) => {
    const d = (await tx.get(ref)).data();
    if (!d) throw new DomainError('not-found', 'no such adjustment');
    if (d.state !== 'pending_approval') throw new DomainError('failed-precondition', `the adjustment is ${d.state}`);
    if (d.requestedBy === approver) throw new DomainError('permission-denied', 'a second operator must approve');
    const [stock] = await readStocks((...refs) => tx.getAll(...refs), db, [d.sku as string], threshold);
    const current = stock!.state.locations[d.locationId]?.onHand ?? 0;
    const now = Timestamp.now();
    if (current !== d.from) {
      tx.update(ref, { state: 'superseded', supersededAt: now, countAtApproval: current, reviewedBy: approver });
      return { moved: current, from: d.from as number };
    }
    applyIn(tx, db, adjustmentId, stock!, d as AdjustmentDoc, approver, now);
    tx.update(ref, { state: 'applied', approvedBy: approver, approvedAt: now, appliedAt: now, appliedBy: approver });
    return null;
  });
  if (outcome) {
    throw new DomainError('failed-precondition', `the count moved from ${outcome.from} to ${outcome.moved} since the request; request the adjustment again`, { reason: 'count_moved', from: outcome.from, now: outcome.moved });
  }
  return { adjustmentId, state: 'applied' };
}

interface AdjustmentDoc {
  sku: string;
  locationId: string;
  from: number;
  delta: number;
  reasonCode: string;
  note?: string;
  requestedBy: string;
}

/** The reviewed delta, applied through the domain, with the operators on the event. */
function applyIn(tx: FirebaseFirestore.Transaction, db: Firestore, adjustmentId: string, stock: StoredStock, a: AdjustmentDoc, operator: string, now: Timestamp): void {
  const r = adjustLocation(stock.state, a.locationId, a.from + a.delta, now.toMillis(), { source: 'operator', reason: `${a.reasonCode}${a.note ? `: ${a.note}` : ''}`, actor: operator });
  if (r.events.length) writeInTransaction(tx, db, stock, r.state, r.events, now, adjustmentId);
}
