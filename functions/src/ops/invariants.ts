/**
 * The invariant check: on every SKU, `reserved` equals the units of its held reservations and the
 * derived fields agree with their inputs. Drift is repaired through the domain (an
 * `inventory.adjusted` event with reason `invariant_repair`) with an audit entry.
 */
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { recountReserved } from '../domain/inventory';
import { C } from '../adapters/collections';
import { readStocks, stockPages, writeInTransaction } from '../stock/stock-store';
import { heldUnits } from '../checkout/reservation-store';
import { loadAllocation } from '../adapters/allocation-config';

export interface InvariantResult {
  checked: number;
  repaired: { sku: string; field: string; was: number; now: number }[];
}

export async function checkInvariants(db: Firestore, defaultThreshold: number): Promise<InvariantResult> {
  await loadAllocation(db);
  const held = await heldUnits(db);
  const repaired: InvariantResult['repaired'] = [];
  let checked = 0;
  for await (const page of stockPages(db, defaultThreshold, 1000, ['onHand', 'reserved', 'available'])) {
    for (const d of page) {
      checked++;
      const want = held.get(d.sku) ?? 0;
      const { onHand, reserved, available } = d.stored;
      if (reserved !== want || available !== Math.max(0, onHand - reserved) || onHand < 0) await repair(d.sku, reserved);
    }
  }
  return { checked, repaired };

  async function repair(sku: string, was: number): Promise<void> {
    await db.runTransaction(async (tx) => {
      const [stock] = await readStocks((...refs) => tx.getAll(...refs), db, [sku], defaultThreshold);
      const { state } = stock!;
      // Re-count inside the transaction: a checkout may have moved on since the scan.
      const heldNow = (await heldUnits(db, (q) => tx.get(q))).get(sku) ?? 0;
      const r = recountReserved(state, heldNow, { source: 'reconcile', reason: 'invariant_repair' });
      const now = Timestamp.now();
      // Written even without a change of `reserved`: the write recomputes the derived fields.
      writeInTransaction(tx, db, stock!, r.state, r.events, now);
      tx.create(db.collection(C.adjustments).doc(), { sku, kind: 'invariant_repair', field: 'reserved', was, now: heldNow, state: 'applied', createdAt: now, appliedAt: now, requestedBy: 'system' });
      repaired.push({ sku, field: 'reserved', was, now: heldNow });
    });
  }
}
