/** Firestore's document-id order, and joins of two streams read in it. */

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

