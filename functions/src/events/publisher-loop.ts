/**
 * Runs the outbox publisher every `intervalMs` as a relay of invocations (the same lease protocol
 * as the sync's poller: one holder, the next invocation waiting as the standby), so there is no
 * minute boundary at which nobody publishes. While it holds the lease, a listener on the
 * unpublished entries both wakes it as soon as an entry is committed and hands it the entries
 * (events/pending-log.ts); `intervalMs` is the fallback if the listener lags, and page queries
 * take over if the listener fails.
 */
import { randomUUID } from 'node:crypto';
import { Firestore } from 'firebase-admin/firestore';
import { RelayLease } from '../adapters/lease';
import { Doorbell, ShiftResult, runShift } from '../adapters/relay-shift';
import { EventPublisher, PAGE, PublishOptions, publishDocs, publishPending } from './publisher';
import { PendingLog } from './pending-log';
import * as logs from '../logs';

export const PUBLISHER_LEASE = 'event-publisher';
/** Entries per page when the listener feeds the relay (whole SKUs; up to two publish requests). */
export const LISTENED_PAGE = 2000;

export async function runPublisherShift(
  db: Firestore,
  publisher: EventPublisher,
  projectId: string,
  o: { owner?: string; holdMs: number; lifeMs: number; intervalMs: number; leaseTtlMs?: number; signal?: AbortSignal; minGapMs?: number; publish?: PublishOptions; feed?: 'listener' | 'query' },
): Promise<ShiftResult & { published: number }> {
  const owner = o.owner ?? randomUUID();
  const lease = new RelayLease(db, PUBLISHER_LEASE, owner, o.leaseTtlMs ?? 10_000);
  let total = 0;
  const doorbell = new Doorbell();
  // The unpublished entries, fed by a listener (events/pending-log.ts). Started lazily by the first
  // unit, so a standby or a newcomer that leaves opens no listener; if it fails, page queries.
  const pending = new PendingLog();
  let unsubscribe: (() => void) | undefined;
  const shift = await runShift(lease, { holdMs: o.holdMs, lifeMs: o.lifeMs, signal: o.signal, doorbell, minGapMs: o.minGapMs ?? 50 }, async () => {
    if (o.feed !== 'query') unsubscribe ??= pending.listen(db, () => doorbell.ring(), (err) => logs.listenerFailed(PUBLISHER_LEASE, err));
    const t0 = Date.now();
    // `feed: 'query'`: page queries only, as before 0.8.0 (the bench's A/B).
    const live = o.feed !== 'query' && (await pending.live(5_000));
    let r: { published: number; failed: number; lagMs: number[] };
    let more: boolean;
    if (live) {
      const page = pending.page(o.publish?.limit ?? LISTENED_PAGE);
      if (!page.length) return t0 + o.intervalMs;
      const out = await publishDocs(db, publisher, projectId, page);
      pending.markSent(out.publishedIds);
      r = out;
      more = pending.unsent > 0 && out.failed === 0;
    } else {
      r = await publishPending(db, publisher, projectId, o.publish);
      // A full page means more is waiting: go again at once.
      more = r.published + r.failed >= (o.publish?.limit ?? PAGE);
    }
    total += r.published;
    if (r.published) {
      const lag = [...r.lagMs].sort((a, b) => a - b);
      logs.eventsPublished(r.published, lag[Math.floor(lag.length / 2)] ?? null, lag[lag.length - 1] ?? null);
    }
    return more ? Date.now() : t0 + o.intervalMs;
  }).finally(() => unsubscribe?.());
  logs.relayShift(PUBLISHER_LEASE, { owner, ...shift, published: total });
  return { ...shift, published: total };
}
