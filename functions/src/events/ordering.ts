/**
 * The Pub/Sub ordering key of a SKU's events: a stable shard of the SKU, not the SKU itself.
 *
 * Pub/Sub keeps order per ordering key, and the client sends one publish request per key at a
 * time: with one key per SKU, a page of 500 events for 500 SKUs was 500 requests (the relay
 * carried 675–771 events/s here). With `ORDERING_SHARDS` keys, one request carries the events of
 * many SKUs. Every event of a SKU still has the same key, and the relay publishes a SKU's events
 * in log order, so each SKU's events are still delivered in order (CONTRACT.md's promise) — as the
 * ADR's `partition_key = product_sku` means for a partitioned log: one ordered partition per SKU,
 * shared with other SKUs.
 *
 * What it costs: an ordered subscriber that holds back one message holds back its shard's other
 * SKUs too (head-of-line blocking across ~1/32 of the catalogue, not across the catalogue).
 * The count is a constant, not a param: a SKU that moved shard while messages under its old key
 * were still being redelivered could be delivered out of order.
 */

export const ORDERING_SHARDS = 32;

/** FNV-1a, 32 bits: stable across processes, versions and languages (a consumer may recompute it). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(s, 'utf8')) {
    h ^= ch;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `sku-shard-07`: the ordering key every event of `sku` is published with. */
export function orderingKeyOf(sku: string, shards = ORDERING_SHARDS): string {
  return `sku-shard-${String(fnv1a(sku) % shards).padStart(2, '0')}`;
}
