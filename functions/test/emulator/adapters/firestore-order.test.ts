import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { compareIds, mergeById, pagesById } from '../../../src/adapters/firestore-order';

describe('adapters/firestore-order (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('pages a collection in id order, resuming after a given id', async () => {
    const ids = ['b', 'a', 'C', 'é', 'a1', 'z'];
    await Promise.all(ids.map((id) => db.doc(`ordered/${id}`).set({ id })));
    const seen: string[][] = [];
    for await (const page of pagesById(db.collection('ordered'), 2)) seen.push(page.map((d) => d.id));
    assert.deepEqual(seen.flat(), [...ids].sort(compareIds));
    assert.ok(seen.every((p) => p.length <= 2));
    const rest: string[] = [];
    for await (const page of pagesById(db.collection('ordered'), 2, 'b')) rest.push(...page.map((d) => d.id));
    assert.deepEqual(rest, ['z', 'é']);
  });

  it('merges two id-ordered streams into one, pairing equal ids', async () => {
    async function* gen(xs: string[]) {
      for (const id of xs) yield { id, value: id.toUpperCase() };
    }
    const out: { id: string; left?: string; right?: string }[] = [];
    for await (const x of mergeById(gen(['a', 'c', 'd']), gen(['b', 'c', 'e']))) out.push(x);
    assert.deepEqual(out, [
      { id: 'a', left: 'A' },
      { id: 'b', right: 'B' },
      { id: 'c', left: 'C', right: 'C' },
      { id: 'd', left: 'D' },
      { id: 'e', right: 'E' },
    ]);
  });

  it('compares ids as Firestore orders them (UTF-8 bytes), not as JavaScript does', () => {
    assert.ok(compareIds('Z', 'a') < 0);
    assert.ok(compareIds('\uffff', '\u{1F600}') < 0, 'JavaScript orders these the other way');
    assert.ok('\uffff' > '\u{1F600}');
  });
});
