import assert from 'node:assert/strict';
import { orderingKeyOf, shardOf } from '../../../src/events/ordering';

describe('events/ordering', () => {
  it('0 shards: the key is the SKU (CONTRACT.md)', () => {
    assert.equal(orderingKeyOf('A-1', 0), 'A-1');
    assert.equal(orderingKeyOf('Ünïcode-SKU', 0), 'Ünïcode-SKU');
  });

  it('shards: a stable key per SKU, the same on every call, spread over all shards', () => {
    // Pinned values: a key must never move between releases, or a SKU's events could be reordered across a deploy.
    assert.equal(shardOf('A-1', 32), shardOf('A-1', 32));
    assert.equal(orderingKeyOf('A-1', 32), `s${String(shardOf('A-1', 32)).padStart(2, '0')}`);
    assert.equal(shardOf('', 32), 0x811c9dc5 % 32, 'FNV-1a offset basis for no bytes');
    assert.equal(shardOf('a', 1 << 30), 0xe40c292c % (1 << 30), 'FNV-1a of "a"');
    const counts = new Array<number>(32).fill(0);
    for (let i = 0; i < 32_000; i++) counts[shardOf(`SKU-${i}`, 32)]!++;
    assert.ok(counts.every((c) => c > 700 && c < 1300), `spread: ${counts.join(',')}`);
    assert.deepEqual(new Set(Array.from({ length: 1000 }, (_, i) => orderingKeyOf(`X${i}`, 8))), new Set(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7']));
  });

  it('refuses a shard count that is not a whole number >= 0', () => {
    assert.throws(() => orderingKeyOf('A', -1), /ordering shards/);
    assert.throws(() => orderingKeyOf('A', 1.5), /ordering shards/);
  });
});
