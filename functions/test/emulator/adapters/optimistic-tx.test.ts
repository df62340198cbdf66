import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { OptimisticTx } from '../../../src/adapters/optimistic-tx';
import { Code, codeOf } from '../../../src/adapters/firestore-errors';

describe('adapters/optimistic-tx (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('writes commit only if what was read is unchanged (a concurrent write fails the commit)', async () => {
    const ref = db.doc('otx/a');
    await ref.set({ n: 1 });
    const tx = new OptimisticTx(db);
    const [snap] = await tx.getAll(ref);
    tx.set(ref, { n: (snap!.data()!.n as number) + 1 });
    await ref.set({ n: 10 }); // someone else
    await assert.rejects(tx.commit(), (err) => codeOf(err) === Code.FAILED_PRECONDITION || codeOf(err) === Code.ABORTED);
    assert.equal((await ref.get()).data()!.n, 10, 'the concurrent write stands');

    const retry = new OptimisticTx(db);
    const [again] = await retry.getAll(ref);
    retry.set(ref, { n: (again!.data()!.n as number) + 1 });
    await retry.commit();
    assert.equal((await ref.get()).data()!.n, 11);
  });

  it('a document read as missing is created, and fails if it appeared meanwhile', async () => {
    const ref = db.doc('otx/new');
    const tx = new OptimisticTx(db);
    await tx.getAll(ref);
    tx.set(ref, { v: 'mine' });
    await ref.set({ v: 'theirs' });
    await assert.rejects(tx.commit(), (err) => codeOf(err) === Code.ALREADY_EXISTS);
  });

  it('a second read that sees a change after the first read aborts the attempt', async () => {
    const a = db.doc('otx/x');
    const b = db.doc('otx/y');
    await a.set({ v: 1 });
    await b.set({ v: 1 });
    const tx = new OptimisticTx(db);
    await tx.getAll(a);
    await new Promise((r) => setTimeout(r, 5));
    await b.set({ v: 2 });
    await assert.rejects(tx.getAll(b), (err) => codeOf(err) === Code.ABORTED);
  });
});
