/**
 * The unpublished part of the event log (the outbox, `eventOutbox`), kept in the relay holder's
 * memory by one listener instead of a query per page: each entry is read once, when it is
 * committed, and its removal arrives when it is published.
 *
 * Why the outbox and not `inventoryEvents where published == false`: in the Firestore emulator a
 * query, and a listener's query on every write, scan the collection, and the log only grows —
 * measured with 40,000 entries in the log, 2,000 writes to it took 2.0 s with such a listener open
 * against 0.14 s without, and a page query 0.4 s (docs/benchmarks.md, events). The outbox holds
 * only the backlog.
 *
 * Order: a page is whole SKUs (every unsent entry of each SKU it takes), the SKUs with the oldest
 * entries first, so a page boundary never splits a SKU, whatever the writers' clocks say; the
 * publisher sorts the page by SKU, version and ordinal. A listener snapshot is consistent, and a
 * SKU's version N+1 is committed after N, so an entry is never seen before an older one of its SKU.
 */
import { DocumentData, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';

/** Whole SKUs, oldest first, until the page holds at least `max` entries (a SKU alone may exceed it). */
export function pickPage(entries: Iterable<DocumentData>, max: number): DocumentData[] {
  const bySku = new Map<string, { oldest: number; docs: DocumentData[] }>();
  for (const d of entries) {
    const at = (d.createdAt as Timestamp).toMillis();
    const g = bySku.get(d.sku as string);
    if (g) {
      g.docs.push(d);
      g.oldest = Math.min(g.oldest, at);
    } else bySku.set(d.sku as string, { oldest: at, docs: [d] });
  }
  const page: DocumentData[] = [];
  for (const g of [...bySku.values()].sort((a, b) => a.oldest - b.oldest)) {
    if (page.length >= max) break;
    page.push(...g.docs);
  }
  return page;
}

export class PendingLog {
  private readonly docs = new Map<string, DocumentData>();
  /** Published by this holder, until the listener sees them leave the query. */
  private readonly sent = new Set<string>();
  private state: 'waiting' | 'live' | 'failed' = 'waiting';
  private firstSnapshot: () => void = () => undefined;
  private readonly first = new Promise<void>((r) => (this.firstSnapshot = r));

  /** Starts the listener; `onAdded` is called when new entries arrive. Returns the unsubscribe. */
  listen(db: Firestore, onAdded: () => void, onError: (err: Error) => void): () => void {
    return db
      .collection(C.eventOutbox)
      .onSnapshot(
        (snap) => {
          let added = false;
          for (const c of snap.docChanges()) {
            if (c.type === 'removed') {
              this.docs.delete(c.doc.id);
              this.sent.delete(c.doc.id);
            } else {
              added ||= c.type === 'added';
              this.docs.set(c.doc.id, c.doc.data());
            }
          }
          if (this.state === 'waiting') this.state = 'live';
          this.firstSnapshot();
          if (added) onAdded();
        },
        (err) => {
          this.state = 'failed';
          this.firstSnapshot();
          onError(err);
        },
      );
  }

  /** Whether the listener delivered its first snapshot (waits up to `ms`) and has not failed since. */
  async live(ms: number): Promise<boolean> {
    if (this.state === 'waiting') await Promise.race([this.first, new Promise((r) => setTimeout(r, ms).unref())]);
    return this.state === 'live';
  }

  /** The next page of entries not yet sent. */
  page(max: number): DocumentData[] {
    return pickPage([...this.docs.values()].filter((d) => !this.sent.has(d.id as string)), max);
  }

  markSent(ids: readonly string[]): void {
    for (const id of ids) if (this.docs.has(id)) this.sent.add(id);
  }

  get unsent(): number {
    return this.docs.size - this.sent.size;
  }
}
