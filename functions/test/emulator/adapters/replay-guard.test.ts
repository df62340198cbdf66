import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { firstUse } from '../../../src/adapters/replay-guard';

describe('adapters/replay-guard (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('a signature is used once: the second use of the same key is refused, also under a race', async () => {
    const t = Math.floor(Date.now() / 1000);
    assert.equal(await firstUse(db, 'erp:abc', t, 300), true);
    assert.equal(await firstUse(db, 'erp:abc', t, 300), false);
    const race = await Promise.all(Array.from({ length: 5 }, () => firstUse(db, 'erp:race', t, 300)));
    assert.equal(race.filter(Boolean).length, 1);
    const doc = (await db.doc('signatureUses/erp:abc').get()).data()!;
    assert.equal(doc.expireAt.toMillis(), (t + 600) * 1000 + 86_400_000, 'kept past its window (a day after it), then expired by TTL');
  });
});
