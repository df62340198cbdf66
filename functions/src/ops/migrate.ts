/**
 * Moves every stock document to the current shape: the bookkeeping that older versions kept in the
 * public `inventory/{sku}` (pending sales, tombstones, shortfall, the WMS's own count per position)
 * goes to the private `inventoryInternals/{sku}`, and every field the current version writes is
 * there (offers keep their attributes). Nothing else changes: the same levels, no events.
 *
 * Paged (bounded memory), idempotent (a document already in shape is skipped), resumable (the last
 * SKU done is saved in `migrations/{id}` after each page; a rerun starts after it), and safe beside
 * live traffic: each rewrite is conditioned on the update time it read, and a page whose document
 * moved meanwhile is read again.
 */
import { FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { pagesById } from '../adapters/firestore-order';
import { isConflict } from '../adapters/firestore-errors';
import { internalsWrite, LEGACY_FIELDS, loadStocks, stockDoc, stockRef } from '../stock/stock-store';
import { outboxData, outboxRef } from '../stock/outbox';
import { loadAllocation } from '../adapters/allocation-config';

export const MIGRATION_ID = 'stock-shape-2026-12';

export interface MigrationProgress {
  scanned: number;
  migrated: number;
  lastSku: string | null;
  done: boolean;
}

export interface MigrateOptions {
  pageSize?: number;
  /** After each page is saved (progress bars; tests inject a crash here). */
  afterPage?: (p: MigrationProgress) => Promise<void> | void;
  /** Start from the beginning, whatever a previous run saved. */
  restart?: boolean;
  now?: () => number;
}

export async function migrateStockDocuments(db: Firestore, defaultThreshold: number, o: MigrateOptions = {}): Promise<MigrationProgress> {
  await loadAllocation(db);
  const ref = db.collection(C.migrations).doc(MIGRATION_ID);
  const saved = o.restart ? undefined : (await ref.get()).data();
  const p: MigrationProgress = saved && !saved.done ? { scanned: saved.scanned, migrated: saved.migrated, lastSku: saved.lastSku, done: false } : { scanned: 0, migrated: 0, lastSku: null, done: false };
  const now = o.now ?? Date.now;
  for await (const docs of pagesById(db.collection(C.inventory), o.pageSize ?? 200, p.lastSku)) {
    for (let attempt = 1; ; attempt++) {
      const fresh = attempt === 1 ? docs : await db.getAll(...docs.map((d) => d.ref));
      const stocks = await loadStocks((...refs) => db.getAll(...refs), db, fresh, defaultThreshold);
      const stale = stocks.filter((s) => s.exists && s.complete === false);
      if (!stale.length) break;
      const batch = db.batch();
      const at = Timestamp.fromMillis(now());
      for (const s of stale) {
        const removed = Object.fromEntries(LEGACY_FIELDS.map((k) => [k, FieldValue.delete()]));
        batch.update(stockRef(db, s.sku), { ...stockDoc(s.state, s.version + 1, at), ...removed }, { lastUpdateTime: s.updateTime! });
        internalsWrite(batch, db, null, s.state);
      }
      try {
        await batch.commit();
        p.migrated += stale.length;
        break;
      } catch (err) {
        if (!isConflict(err) || attempt >= 5) throw err;
      }
    }
    p.scanned += docs.length;
    p.lastSku = docs[docs.length - 1]!.id;
    await ref.set({ ...p, updatedAt: Timestamp.fromMillis(now()) });
    await o.afterPage?.(p);
  }
  p.done = true;
  await ref.set({ ...p, updatedAt: Timestamp.fromMillis(now()) });
  return p;
}

/**
 * Since 0.8.0 the relay publishes from the outbox (`eventOutbox`): a log entry committed before
 * the upgrade and not yet published has no outbox copy and would never go out. This gives each
 * such entry its copy (idempotent: `create` of a copy that exists is skipped). Run it once after
 * deploying 0.8.0; the relay then publishes them, in order per SKU, with the rest.
 */
export async function migrateUnpublishedEvents(db: Firestore, o: { pageSize?: number } = {}): Promise<{ copied: number }> {
  let copied = 0;
  let after: FirebaseFirestore.QueryDocumentSnapshot | undefined;
  for (;;) {
    let q = db.collection(C.events).where('published', '==', false).orderBy('__name__').limit(o.pageSize ?? 500);
    if (after) q = q.startAfter(after);
    const page = await q.get();
    if (page.empty) break;
    const copies = await db.getAll(...page.docs.map((d) => outboxRef(db, d.id)));
    const batch = db.batch();
    let n = 0;
    page.docs.forEach((d, i) => {
      if (copies[i]!.exists) return;
      batch.create(outboxRef(db, d.id), outboxData(d.data()));
      n++;
    });
    if (n) await batch.commit();
    copied += n;
    after = page.docs[page.docs.length - 1];
  }
  return { copied };
}
