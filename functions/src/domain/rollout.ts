/** Staged migration: the new sync owns a stable share of SKUs, chosen by a hash of the SKU. */
export function rolloutBucket(sku: string): number {
  // FNV-1a 32-bit: stable across runtimes and deploys, cheap, evenly spread over short ids.
  let h = 0x811c9dc5;
  for (let i = 0; i < sku.length; i++) {
    h ^= sku.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 100;
}

export function ownsSku(sku: string, rolloutPercent: number): boolean {
  return rolloutBucket(sku) < rolloutPercent;
}

/**
 * What this system may write during the staged migration: nothing while the feature flag is off;
 * otherwise the rollout's share of SKUs, minus SKUs forced back to the legacy system.
 */
export interface RolloutSettings {
  enabled: boolean;
  rolloutPercent: number;
  rolledBack: ReadonlySet<string>;
}

export function isOwned(sku: string, s: RolloutSettings): boolean {
  return s.enabled && !s.rolledBack.has(sku) && ownsSku(sku, s.rolloutPercent);
}
