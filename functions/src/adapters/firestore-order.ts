/** Firestore's document-id order: reading a query a page at a time in it, and joining two such streams. */
import { FieldPath, Query, QueryDocumentSnapshot } from 'firebase-admin/firestore';

/**
 * A query's documents a page at a time in document-id order, starting after `after` (bounded
 * memory: a page is released before the next is read).
 */
export async function* pagesById(q: Query, pageSize = 1000, after: string | null = null): AsyncGenerator<QueryDocumentSnapshot[]> {
  let last = after;
  for (;;) {
    let page = q.orderBy(FieldPath.documentId()).limit(pageSize);
    if (last !== null) page = page.startAfter(last);
    const snap = await page.get();
    if (!snap.empty) yield snap.docs;
    if (snap.size < pageSize) return;
    last = snap.docs[snap.docs.length - 1]!.id;
  }
}

/** Two streams in document-id order joined on id: each id once, with the side(s) that have it. */
export async function* mergeById<A, B>(a: AsyncGenerator<{ id: string; value: A }>, b: AsyncGenerator<{ id: string; value: B }>): AsyncGenerator<{ id: string; left?: A; right?: B }> {
  let x = await a.next();
  let y = await b.next();
  while (!x.done || !y.done) {
    if (!y.done && (x.done || compareIds(y.value.id, x.value.id) < 0)) {
      yield { id: y.value.id, right: y.value.value };
      y = await b.next();
    } else if (!x.done && (y.done || compareIds(x.value.id, y.value.id) < 0)) {
      yield { id: x.value.id, left: x.value.value };
      x = await a.next();
    } else {
      yield { id: x.value!.id, left: x.value!.value, right: y.value!.value };
      x = await a.next();
      y = await b.next();
    }
  }
}

/** Firestore orders string document ids by their UTF-8 bytes. */
export function compareIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

