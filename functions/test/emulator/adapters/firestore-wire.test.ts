import assert from 'node:assert/strict';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { WireBatch, WireClient } from '../../../src/adapters/firestore-wire';
import { Code, codeOf } from '../../../src/adapters/firestore-errors';

describe('adapters/firestore-wire (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('what it writes reads back through the SDK exactly (every value type the stock documents use)', async () => {
    const at = Timestamp.fromMillis(1_800_000_000_123);
    const data = { s: 'x', i: 42, d: 1.5, neg0: -0, big: 2 ** 60, t: true, n: null, at, list: [1, 'a', { m: at }], map: { a: { b: 2 } } };
    const [time] = await new WireBatch(WireClient.for(db)).create(db.doc('wire/a'), data).commit();
    const snap = await db.doc('wire/a').get();
    assert.ok(time!.isEqual(snap.updateTime!), 'the commit answers each write with its update time');
    const got = snap.data()!;
    assert.deepEqual({ ...got, at: got.at.toMillis(), list: [1, 'a', { m: got.list[2].m.toMillis() }] }, { ...data, at: at.toMillis(), list: [1, 'a', { m: at.toMillis() }] });
    assert.ok(Object.is(got.neg0, -0), '-0 stays a double');
  });

  it('updates named field paths under an update-time precondition, and deletes fields', async () => {
    const [t0] = await new WireBatch(WireClient.for(db)).create(db.doc('wire/b'), { top: 1, locations: { 'wh-1': { onHand: 1 }, 'wh.2': { onHand: 2 } } }).commit();
    await new WireBatch(WireClient.for(db))
      .update(db.doc('wire/b'), [[['top'], 2], [['locations', 'wh.2'], { onHand: 5 }], [['locations', 'wh-1'], FieldValue.delete()]], { lastUpdateTime: t0! })
      .commit();
    assert.deepEqual((await db.doc('wire/b').get()).data(), { top: 2, locations: { 'wh.2': { onHand: 5 } } });
    // The same precondition again: the document changed since, so nothing is written.
    await assert.rejects(new WireBatch(WireClient.for(db)).update(db.doc('wire/b'), [[['top'], 3]], { lastUpdateTime: t0! }).commit(), (e) => codeOf(e) === Code.FAILED_PRECONDITION);
    assert.equal((await db.doc('wire/b').get()).data()!.top, 2);
  });

  it('a batch is atomic: one failed write (create of an existing document) writes nothing', async () => {
    await db.doc('wire/exists').set({ v: 1 });
    const b = new WireBatch(WireClient.for(db)).create(db.doc('wire/new'), { v: 1 }).create(db.doc('wire/exists'), { v: 2 });
    await assert.rejects(b.commit(), (e) => codeOf(e) === Code.ALREADY_EXISTS);
    assert.equal((await db.doc('wire/new').get()).exists, false);
  });

  it('refuses a value type it does not encode, naming the field', () => {
    assert.throws(() => new WireBatch(WireClient.for(db)).create(db.doc('wire/c'), { when: new Date() }), /when/);
    assert.throws(() => new WireBatch(WireClient.for(db)).create(db.doc('wire/c'), { nested: [[1]] }), /nested\[0\]/);
  });
});
