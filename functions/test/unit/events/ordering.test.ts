import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fnv1a, orderingKeyOf, ORDERING_SHARDS } from '../../../src/events/ordering';

describe('events/ordering', () => {
  it('hashes with FNV-1a 32 (the published test vectors), so any consumer can recompute a shard', () => {
    assert.equal(fnv1a(''), 0x811c9dc5);
    assert.equal(fnv1a('a'), 0xe40c292c);
    assert.equal(fnv1a('foobar'), 0xbf9cf968);
  });

  it('gives every event of a SKU the same key, one of ORDERING_SHARDS', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), (sku) => {
        const k = orderingKeyOf(sku);
        assert.equal(orderingKeyOf(sku), k);
        assert.match(k, /^sku-shard-\d{2}$/);
        assert.ok(Number(k.slice(10)) < ORDERING_SHARDS);
      }),
    );
  });

  it('spreads a catalogue evenly over the shards (each within 25% of the mean over 10,000 SKUs)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) counts.set(orderingKeyOf(`SKU-${i}`), (counts.get(orderingKeyOf(`SKU-${i}`)) ?? 0) + 1);
    assert.equal(counts.size, ORDERING_SHARDS);
    const mean = 10_000 / ORDERING_SHARDS;
    for (const [k, n] of counts) assert.ok(Math.abs(n - mean) < mean * 0.25, `${k}: ${n}`);
  });
});
