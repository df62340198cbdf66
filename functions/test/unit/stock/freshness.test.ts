import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { freshnessFields, lastSuccessMillis, statusFreshness } from '../../../src/stock/freshness';

describe('stock/freshness', () => {
  const t = 1_800_000_000_000;
  const doc = { lastSuccessAt: Timestamp.fromMillis(t), staleAfterSeconds: 30 };

  it('stale once staleAfterSeconds passed since the last success; never succeeded is stale', () => {
    assert.equal(lastSuccessMillis(doc), t);
    assert.equal(lastSuccessMillis(undefined), null);
    assert.deepEqual(statusFreshness(doc, t + 30_000), { stale: false, ageMs: 30_000, staleAt: t + 30_000 });
    assert.equal(statusFreshness(doc, t + 30_001).stale, true);
    assert.equal(statusFreshness({ lastSuccessAt: doc.lastSuccessAt }, t + 11_000, 10).stale, true, 'the fallback threshold when the document has none');
    assert.deepEqual(statusFreshness(undefined, t), { stale: true, ageMs: null, staleAt: null });
  });

  it('as the read API answers it', () => {
    assert.deepEqual(freshnessFields(doc, t + 1000), { stale: false, lastSyncSuccessAt: new Date(t).toISOString() });
    assert.deepEqual(freshnessFields(undefined, t), { stale: true, lastSyncSuccessAt: null });
  });
});
