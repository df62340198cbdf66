/**
 * Runs the outbox publisher every `intervalMs` as a relay of invocations (the same lease protocol
 * as the sync's poller: one holder, the next invocation waiting as the standby), so there is no
 * minute boundary at which nobody publishes. Each unit publishes a page of the outbox (the entries
 * not yet published, docs/events.md); a full page is followed at once by the next.
 *
 * With `wake`, the holder also listens to the outbox's oldest document: a commit that finds the
 * outbox empty rings the relay at once instead of waiting up to `intervalMs` for the next look.
 * The listener only wakes the loop; the look every `intervalMs` still finds everything, so a
 * listener that fails costs latency, not events. Off by default: at 1,500 events/s in the emulator
 * it did not lower the lag against the look every 250 ms (docs/benchmarks.md, 2026-12-04). It
 * watches one document, not the outbox: in the Firestore emulator a listener's query is evaluated
 * again on every write to its collection, and one on the whole outbox, when it held a document per
 * event, made every commit pay for the backlog (a relay fed by one carried ~400 events/s).
 */
import { randomUUID } from 'node:crypto';
import { Firestore } from 'firebase-admin/firestore';
import { RelayLease } from '../adapters/lease';
import { ShiftResult, Wake, runShift } from '../adapters/relay-shift';
import { C } from '../adapters/collections';
import { EventPublisher, PublishOptions, publishPending } from './publisher';
import * as logs from '../logs';

export const PUBLISHER_LEASE = 'event-publisher';
/** Outbox documents per page (each one commit's events): one query, publish requests of up to 1,000 events, removals sent together. */
export const RELAY_PAGE = 200;

export async function runPublisherShift(
  db: Firestore,
  publisher: EventPublisher,
  projectId: string,
  o: {
    owner?: string;
    holdMs: number;
    lifeMs: number;
    intervalMs: number;
    leaseTtlMs?: number;
    signal?: AbortSignal;
    publish?: PublishOptions;
    /** Also wake the relay when the outbox gets a document (default false: a look every `intervalMs`). */
    wake?: boolean;
  },
): Promise<ShiftResult & { published: number }> {
  const owner = o.owner ?? randomUUID();
  const lease = new RelayLease(db, PUBLISHER_LEASE, owner, o.leaseTtlMs ?? 10_000);
  let total = 0;
  // The previous page's outbox removals run while the next page is read and published (they have
  // no order to keep); its documents are skipped by the next read meanwhile.
  const removing = new Set<string>();
  let lastMarks: Promise<void> = Promise.resolve();
  const wake = o.wake === true ? new Wake() : undefined;
  // Opened by the holder's first unit (a standby does not listen), closed when the shift ends.
  let unlisten: (() => void) | undefined;
  const listen = (w: Wake) => {
    unlisten = db
      .collection(C.eventOutbox)
      .orderBy('createdAt')
      .limit(1)
      .onSnapshot(
        (snap) => {
          if (!snap.empty) w.ring();
        },
        (err) => logs.internalError('event outbox listener (the relay looks every interval instead)', err),
      );
  };
  let shift: ShiftResult;
  try {
    shift = await runShift(lease, { holdMs: o.holdMs, lifeMs: o.lifeMs, signal: o.signal, wake }, async () => {
      if (wake && !unlisten) listen(wake);
      const t0 = Date.now();
      const limit = o.publish?.limit ?? RELAY_PAGE;
      const r = await publishPending(db, publisher, projectId, { limit, skip: removing, detachMarks: true });
      await lastMarks;
      const ids = r.outboxIds ?? [];
      for (const id of ids) removing.add(id);
      lastMarks = (r.marked ?? Promise.resolve())
        .catch((err) => logs.internalError('event outbox removal', err, { entries: ids.length }))
        .finally(() => ids.forEach((id) => removing.delete(id)));
      total += r.published;
      if (r.published) {
        const lag = [...r.lagMs].sort((a, b) => a - b);
        logs.eventsPublished(r.published, lag[Math.floor(lag.length / 2)] ?? null, lag[lag.length - 1] ?? null, r.ms);
      }
      // A full page means more is waiting: go again at once.
      return (r.documents ?? 0) >= limit ? Date.now() : t0 + o.intervalMs;
    });
  } finally {
    unlisten?.();
  }
  await lastMarks;
  logs.relayShift(PUBLISHER_LEASE, { owner, ...shift, published: total });
  return { ...shift, published: total };
}
