import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expireAt, RETENTION_DAYS } from '../../../src/adapters/retention';

describe('adapters/retention', () => {
  it('declares a TTL policy on expireAt for exactly the collection groups that writers stamp', () => {
    const indexes = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../firestore.indexes.json'), 'utf8')) as { fieldOverrides: { collectionGroup: string; fieldPath: string; ttl?: boolean }[] };
    const ttl = indexes.fieldOverrides.filter((f) => f.ttl).map((f) => `${f.collectionGroup}.${f.fieldPath}`).sort();
    assert.deepEqual(ttl, Object.keys(RETENTION_DAYS).map((g) => `${g}.expireAt`).sort());
  });

  it('stamps expireAt its retention after the given time', () => {
    assert.equal(expireAt('inventoryEvents', 0).toMillis(), 400 * 86_400_000);
    assert.equal(expireAt('checkoutCommands', 1000).toMillis(), 1000 + 7 * 86_400_000);
  });
});
