/**
 * The default bucket's lifecycle rule for vendors' files (`npm run provision`): dropped and kept
 * files are deleted after FILE_RETENTION_DAYS, as their jobs are. Idempotent: other rules of the
 * bucket are kept, and ours is written only when it differs.
 */
import { FILE_RETENTION_DAYS } from './retention';

export const DROP_PREFIXES = ['vendor-drops/', 'vendor-drops-kept/'] as const;

export interface LifecycleRule {
  action: { type: string; storageClass?: string };
  condition: { age?: number; matchesPrefix?: string[]; [k: string]: unknown };
}

/** The part of a bucket this needs (the Cloud Storage client's Bucket has it). */
export interface BucketLifecycle {
  getMetadata(): Promise<[{ lifecycle?: { rule?: LifecycleRule[] } | null }, ...unknown[]]>;
  setMetadata(metadata: { lifecycle: { rule: LifecycleRule[] } }): Promise<unknown>;
}

export function dropRetentionRule(days: number = FILE_RETENTION_DAYS.vendorDrops): LifecycleRule {
  return { action: { type: 'Delete' }, condition: { age: days, matchesPrefix: [...DROP_PREFIXES] } };
}

const ours = (r: LifecycleRule) => r.action.type === 'Delete' && (r.condition.matchesPrefix ?? []).some((p) => (DROP_PREFIXES as readonly string[]).includes(p));

export async function provisionDropRetention(bucket: BucketLifecycle, days: number = FILE_RETENTION_DAYS.vendorDrops): Promise<{ changed: boolean; what: string }> {
  const [meta] = await bucket.getMetadata();
  const rules = meta.lifecycle?.rule ?? [];
  const want = dropRetentionRule(days);
  const existing = rules.filter(ours);
  if (existing.length === 1 && JSON.stringify(existing[0]) === JSON.stringify(want)) return { changed: false, what: `bucket lifecycle: vendor files deleted after ${days} days` };
  await bucket.setMetadata({ lifecycle: { rule: [...rules.filter((r) => !ours(r)), want] } });
  return { changed: true, what: `bucket lifecycle: vendor files (${DROP_PREFIXES.join(', ')}) deleted after ${days} days` };
}
