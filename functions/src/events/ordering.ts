/**
 * The Pub/Sub ordering key of a SKU's events. With `shards` = 0 it is the SKU itself (CONTRACT.md).
 * With `shards` > 0 it is a stable shard of the SKU (`s00`..): every event of a SKU carries the same
 * key, so Pub/Sub keeps each SKU's events in order, while one key carries many SKUs. This is the
 * ADR's "partition_key = product_sku" read as a partitioned log reads it: a SKU's events all land in
 * one ordered partition; a partition is not one SKU. The shard is FNV-1a (32-bit) of the SKU's
 * UTF-8 bytes modulo `shards`: the same on every instance, in replay, and across releases.
 */
export function shardOf(sku: string, shards: number): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(sku, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

export function orderingKeyOf(sku: string, shards: number): string {
  if (!Number.isInteger(shards) || shards < 0) throw new RangeError(`ordering shards must be an integer >= 0, got ${shards}`);
  if (shards === 0) return sku;
  return `s${String(shardOf(sku, shards)).padStart(String(shards - 1).length, '0')}`;
}
