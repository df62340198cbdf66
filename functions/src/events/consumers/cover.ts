/**
 * Sales velocity, days of cover and the cover alert (domain/cover.ts), kept per SKU in
 * `salesDaily/{sku}` from the events: a sale (`inventory.committed`) adds its units to the day and
 * channel, once (its receipt commits with it); any other change of a SKU that has sold in the last
 * 28 days recomputes its cover. The alert `low_cover-{sku}` opens when cover falls below the lead
 * time plus safety days of the SKU's locations (the longest; a vendor's own figures for its offers),
 * and resolves when it no longer does.
 */
import { FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { alertRef, openAlert, resolveAlert } from '../../adapters/alerts';
import { C } from '../../adapters/collections';
import { loadAllocation } from '../../adapters/allocation-config';
import { AllocationConfig, locationConfig } from '../../domain/allocation';
import { addSale, coverFigures, coverLow, DailySales } from '../../domain/cover';
import { InventoryCloudEvent } from '../schema';
import { receiptData, receiptRef } from './receipts';
import { stockRef } from '../../stock/stock-store';

const PRIMARY = new Set<InventoryCloudEvent['type']>(['inventory.committed', 'inventory.synced', 'inventory.adjusted', 'inventory.reserved', 'inventory.released']);

/** Where cover is not a number (nothing sells), the sort key puts it last. */
export const NO_COVER = 1e9;

export function salesRef(db: Firestore, sku: string) {
  return db.collection(C.salesDaily).doc(sku);
}

/** Lead time + safety days for a SKU: the longest of its locations', or its vendor's own. */
export function coverTarget(cfg: AllocationConfig, locationIds: readonly string[], vendor?: { leadTimeDays?: unknown; safetyDays?: unknown }): { leadTimeDays: number; safetyDays: number } {
  if (vendor && typeof vendor.leadTimeDays === 'number' && typeof vendor.safetyDays === 'number') return { leadTimeDays: vendor.leadTimeDays, safetyDays: vendor.safetyDays };
  if (!locationIds.length) return { leadTimeDays: cfg.defaults.leadTimeDays, safetyDays: cfg.defaults.safetyDays };
  let best: { leadTimeDays: number; safetyDays: number } | null = null;
  for (const id of locationIds) {
    const l = locationConfig(cfg, id);
    if (!best || l.leadTimeDays + l.safetyDays > best.leadTimeDays + best.safetyDays) best = { leadTimeDays: l.leadTimeDays, safetyDays: l.safetyDays };
  }
  return best!;
}

export async function trackCover(db: Firestore, e: InventoryCloudEvent, now = Date.now()): Promise<{ changed: boolean }> {
  if (!PRIMARY.has(e.type)) return { changed: false };
  const sale = e.type === 'inventory.committed';
  // A SKU that sold nothing lately has no cover to keep: most changes stop at this read.
  if (!sale && !(await salesRef(db, e.subject).get()).exists) return { changed: false };
  const { cfg } = await loadAllocation(db);
  return db.runTransaction(async (tx) => {
    const ref = salesRef(db, e.subject);
    const [receipt, doc, stock, alert] = await tx.getAll(receiptRef(db, 'cover', e.id), ref, stockRef(db, e.subject), alertRef(db, `low_cover-${e.subject}`));
    if (receipt!.exists) return { changed: false };
    let days = (doc!.data()?.days ?? {}) as DailySales;
    if (sale) {
      const units = Math.max(0, e.data.before.reserved - e.data.after.reserved);
      if (units > 0) days = addSale(days, Date.parse(e.time), e.data.channel ?? cfg.defaultChannel, units);
    }
    const s = stock!.data() ?? {};
    const sellable = typeof s.available === 'number' ? s.available : e.data.after.available;
    const vendorId = typeof s.vendorId === 'string' ? s.vendorId : undefined;
    const vendor = vendorId ? (await tx.get(db.collection(C.vendors).doc(vendorId))).data() : undefined;
    const target = coverTarget(cfg, (s.locationIds ?? []) as string[], vendor);
    const f = coverFigures(days, sellable, now);
    const low = coverLow(f.cover, target.leadTimeDays, target.safetyDays);
    const wasLow = doc!.data()?.low === true;
    tx.set(ref, {
      sku: e.subject,
      ...(vendorId ? { vendorId } : {}),
      days,
      sellable,
      velocity7: f.velocity7,
      velocity28: f.velocity28,
      channels: f.channels,
      cover: f.cover,
      coverSort: f.cover ?? NO_COVER,
      ...target,
      low,
      updatedAt: Timestamp.fromMillis(now),
    });
    if (sale) tx.create(receipt!.ref, receiptData(e));
    const fields = { kind: 'low_cover', sku: e.subject, cover: f.cover === null ? null : Math.round(f.cover * 10) / 10, velocity7: f.velocity7, sellable, ...target, ...(vendorId ? { vendorId } : {}) };
    // While it stays low the alert keeps the current figures (raised once: `raisedAt` stays).
    if (low) openAlert(tx, db, `low_cover-${e.subject}`, fields, FieldValue.serverTimestamp(), alert!.data()?.status === 'open');
    if (!low && wasLow) resolveAlert(tx, db, `low_cover-${e.subject}`, fields, FieldValue.serverTimestamp());
    return { changed: true };
  });
}

export interface CoverRow {
  sku: string;
  vendorId: string | null;
  sellable: number;
  velocity7: number;
  velocity28: number;
  channels: Record<string, { velocity7: number; velocity28: number }>;
  cover: number | null;
  leadTimeDays: number;
  safetyDays: number;
  low: boolean;
}

/** SKUs by cover (lowest first: the ones to reorder) or by velocity (fastest first), optionally one vendor's. */
export async function coverList(db: Firestore, o: { sort: 'cover' | 'velocity'; limit: number; vendorId?: string }): Promise<CoverRow[]> {
  let q: FirebaseFirestore.Query = db.collection(C.salesDaily);
  if (o.vendorId) q = q.where('vendorId', '==', o.vendorId);
  q = o.sort === 'cover' ? q.orderBy('coverSort', 'asc') : q.orderBy('velocity7', 'desc');
  const snap = await q.limit(o.limit).get();
  return snap.docs.map((d) => {
    const x = d.data();
    return { sku: d.id, vendorId: x.vendorId ?? null, sellable: x.sellable ?? 0, velocity7: x.velocity7 ?? 0, velocity28: x.velocity28 ?? 0, channels: x.channels ?? {}, cover: x.cover ?? null, leadTimeDays: x.leadTimeDays ?? 0, safetyDays: x.safetyDays ?? 0, low: x.low === true };
  });
}
