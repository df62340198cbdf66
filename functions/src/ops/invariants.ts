/**
 * The invariant check: on every SKU, `reserved` equals the units of its held reservations and the
 * derived fields agree with their inputs. Drift is repaired through the domain (an
 * `inventory.adjusted` event with reason `invariant_repair`) with an audit entry.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { recountReserved } from '../domain/inventory';
import { C } from '../adapters/collections';
import { stockFromDoc, writeInTransaction } from '../stock/stock-store';
import { heldUnits } from '../checkout/reservation-store';

export interface InvariantResult {
  checked: number;
  repaired: { sku: string; field: string; was: number; now: number }[];
}

export async function checkInvariants(db: Firestore, defaultThreshold: number): Promise<InvariantResult> {
  const held = await heldUnits(db);
  const docs = await db.collection(C.inventory).get();
  const repaired: InvariantResult['repaired'] = [];
  for (const d of docs.docs) {
    const data = d.data();
    const want = held.get(d.id) ?? 0;
    const inconsistent = data.reserved !== want || data.available !== Math.max(0, data.onHand - data.reserved) || data.onHand < 0;
    if (!inconsistent) continue;
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(d.ref);
      const { state, version } = stockFromDoc(d.id, snap.data(), defaultThreshold);
      // Re-count inside the transaction: a checkout may have moved on since the scan.
      const heldNow = (await heldUnits(db, (q) => tx.get(q))).get(d.id) ?? 0;
      const r = recountReserved(state, heldNow, { source: 'reconcile', reason: 'invariant_repair' });
      const now = Timestamp.now();
      // Written even without a change of `reserved`: the write recomputes the derived fields.
      writeInTransaction(tx, db, { version }, r.state, r.events, now);
      tx.create(db.collection(C.adjustments).doc(), { sku: d.id, kind: 'invariant_repair', field: 'reserved', was: data.reserved, now: heldNow, state: 'applied', createdAt: now, appliedAt: now, requestedBy: 'system' });
      repaired.push({ sku: d.id, field: 'reserved', was: data.reserved, now: heldNow });
    });
  }
  return { checked: docs.size, repaired };
}
