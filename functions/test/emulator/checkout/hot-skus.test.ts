import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { HotSkus } from '../../../src/checkout/hot-skus';

describe('checkout/hot-skus (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('a SKU marked hot is hot at once here, and for other instances once they refresh; it cools down', async () => {
    const here = new HotSkus(db, { hotForMs: 400, refreshMs: 100 });
    const there = new HotSkus(db, { hotForMs: 400, refreshMs: 100 });
    assert.equal(await there.anyHot(['A']), false);
    await here.mark(['A'], 'flash sale');
    assert.equal(await here.anyHot(['B', 'A']), true);
    assert.equal(await here.anyHot([]), false);
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(await there.anyHot(['A']), true, 'seen after a refresh');
    assert.equal((await db.doc('hotSkus/A').get()).data()!.reason, 'flash sale');
    await new Promise((r) => setTimeout(r, 450));
    assert.equal(await there.anyHot(['A']), false, 'cooled down');
  });

  it('an operator marks a SKU hot in advance with a document', async () => {
    await db.doc('hotSkus/PRE').set({ until: Timestamp.fromMillis(Date.now() + 60_000), reason: 'announced' });
    assert.equal(await new HotSkus(db, { hotForMs: 1000, refreshMs: 0 }).anyHot(['PRE']), true);
  });
});
