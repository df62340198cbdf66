/**
 * The set of hot SKUs (`hotSkus/{sku}`): SKUs whose direct transactions had to wait or retry, so
 * their next buyers queue instead of piling up locks. The set is small; each process keeps a copy
 * refreshed at most every `refreshMs` (one query), so the common path costs no extra read per call.
 */
import { FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';

export interface HotSkuOptions {
  /** How long a SKU stays hot once marked. */
  hotForMs: number;
  refreshMs: number;
}

export class HotSkus {
  private view: { at: number; until: Map<string, number>; loading?: Promise<void> } = { at: 0, until: new Map() };

  constructor(
    private readonly db: Firestore,
    private readonly o: HotSkuOptions,
  ) {}

  async anyHot(skus: readonly string[]): Promise<boolean> {
    if (!skus.length) return false;
    const now = Date.now();
    if (now - this.view.at > this.o.refreshMs) {
      this.view.loading ??= this.db
        .collection(C.hotSkus)
        .where('until', '>', Timestamp.fromMillis(now))
        .get()
        .then((snap) => {
          this.view = { at: Date.now(), until: new Map(snap.docs.map((d) => [d.id, (d.data().until as Timestamp).toMillis()])) };
        })
        .finally(() => {
          this.view.loading = undefined;
        });
      await this.view.loading;
    }
    return skus.some((s) => (this.view.until.get(s) ?? 0) > now);
  }

  async mark(skus: readonly string[], reason = 'contention'): Promise<void> {
    const batch = this.db.batch();
    const until = Date.now() + this.o.hotForMs;
    for (const sku of skus) {
      batch.set(this.db.collection(C.hotSkus).doc(sku), { until: Timestamp.fromMillis(until), reason, markedAt: FieldValue.serverTimestamp() });
      this.view.until.set(sku, until);
    }
    await batch.commit();
  }
}
