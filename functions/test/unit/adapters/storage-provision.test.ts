import assert from 'node:assert/strict';
import { BucketLifecycle, dropRetentionRule, LifecycleRule, provisionDropRetention } from '../../../src/adapters/storage-provision';
import { FILE_RETENTION_DAYS, RETENTION_DAYS } from '../../../src/adapters/retention';

/** A bucket's lifecycle metadata in memory (there is no Cloud Storage emulator here). */
class MemoryBucket implements BucketLifecycle {
  writes = 0;
  constructor(public rules: LifecycleRule[] | null) {}
  async getMetadata(): Promise<[{ lifecycle?: { rule?: LifecycleRule[] } | null }]> {
    return [{ lifecycle: this.rules ? { rule: this.rules } : null }];
  }
  async setMetadata(m: { lifecycle: { rule: LifecycleRule[] } }) {
    this.writes++;
    this.rules = m.lifecycle.rule;
  }
}

describe('adapters/storage-provision', () => {
  it('vendor files are kept as long as their jobs', () => {
    assert.equal(FILE_RETENTION_DAYS.vendorDrops, RETENTION_DAYS.ingestJobs);
    assert.deepEqual(dropRetentionRule(30), { action: { type: 'Delete' }, condition: { age: 30, matchesPrefix: ['vendor-drops/', 'vendor-drops-kept/'] } });
  });

  it('adds the rule beside the bucket’s others, replaces an outdated one, and a second run changes nothing', async () => {
    const other: LifecycleRule = { action: { type: 'SetStorageClass', storageClass: 'COLDLINE' }, condition: { age: 90 } };
    const bucket = new MemoryBucket([other, { action: { type: 'Delete' }, condition: { age: 7, matchesPrefix: ['vendor-drops/'] } }]);
    assert.equal((await provisionDropRetention(bucket, 30)).changed, true);
    assert.deepEqual(bucket.rules, [other, dropRetentionRule(30)]);
    assert.equal((await provisionDropRetention(bucket, 30)).changed, false);
    assert.equal(bucket.writes, 1);
    const empty = new MemoryBucket(null);
    await provisionDropRetention(empty);
    assert.deepEqual(empty.rules, [dropRetentionRule()]);
  });
});
