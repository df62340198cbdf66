/**
 * Runs the outbox publisher every `intervalMs` as a relay of invocations (the same lease protocol
 * as the sync's poller: one holder, the next invocation waiting as the standby), so there is no
 * minute boundary at which nobody publishes. While it holds the lease, a listener on the outbox
 * wakes it as soon as an entry is committed; `intervalMs` is the fallback if the listener lags.
 */
import { randomUUID } from 'node:crypto';
import { Firestore } from 'firebase-admin/firestore';
import { RelayLease } from '../adapters/lease';
import { Doorbell, ShiftResult, runShift } from '../adapters/relay-shift';
import { C } from '../adapters/collections';
import { EventPublisher, PAGE, PublishOptions, publishPending } from './publisher';
import * as logs from '../logs';

export const PUBLISHER_LEASE = 'event-publisher';

export async function runPublisherShift(
  db: Firestore,
  publisher: EventPublisher,
  projectId: string,
  o: { owner?: string; holdMs: number; lifeMs: number; intervalMs: number; leaseTtlMs?: number; signal?: AbortSignal; minGapMs?: number; publish?: PublishOptions },
): Promise<ShiftResult & { published: number }> {
  const owner = o.owner ?? randomUUID();
  const lease = new RelayLease(db, PUBLISHER_LEASE, owner, o.leaseTtlMs ?? 10_000);
  let total = 0;
  const doorbell = new Doorbell();
  // Started lazily by the first unit, so a standby or a newcomer that leaves opens no listener.
  let unsubscribe: (() => void) | undefined;
  // The newest unpublished entry: it changes when a commit adds entries, not when this publisher
  // marks older ones published (which would wake it for nothing, again and again, under a burst).
  const listen = () =>
    db
      .collection(C.events)
      .where('published', '==', false)
      .orderBy('createdAt', 'desc')
      .limit(1)
      .onSnapshot(
        (snap) => {
          if (snap.docChanges().some((c) => c.type === 'added')) doorbell.ring();
        },
        (err) => logs.listenerFailed(PUBLISHER_LEASE, err),
      );
  const shift = await runShift(lease, { holdMs: o.holdMs, lifeMs: o.lifeMs, signal: o.signal, doorbell, minGapMs: o.minGapMs ?? 50 }, async () => {
    unsubscribe ??= listen();
    const t0 = Date.now();
    const r = await publishPending(db, publisher, projectId, o.publish);
    total += r.published;
    if (r.published) {
      const lag = [...r.lagMs].sort((a, b) => a - b);
      logs.eventsPublished(r.published, lag[Math.floor(lag.length / 2)] ?? null, lag[lag.length - 1] ?? null);
    }
    // A full page means more is waiting: go again at once.
    return r.published + r.failed >= (o.publish?.limit ?? PAGE) ? Date.now() : t0 + o.intervalMs;
  }).finally(() => unsubscribe?.());
  logs.relayShift(PUBLISHER_LEASE, { owner, ...shift, published: total });
  return { ...shift, published: total };
}
