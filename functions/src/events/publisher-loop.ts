/** Runs the outbox publisher every `intervalMs` inside one invocation, under a lease. */
import { Firestore } from 'firebase-admin/firestore';
import { acquireLease, releaseLease } from '../adapters/lease';
import { EventPublisher, publishPending } from './publisher';
import * as logs from '../logs';

export async function runPublisherWindow(
  db: Firestore,
  publisher: EventPublisher,
  projectId: string,
  o: { owner: string; windowMs: number; intervalMs: number },
): Promise<{ published: number; leaseHeld: boolean }> {
  const lease = 'event-publisher';
  const ttl = 30_000;
  if (!(await acquireLease(db, lease, o.owner, ttl))) return { published: 0, leaseHeld: false };
  const end = Date.now() + o.windowMs;
  let total = 0;
  let lastRenew = Date.now();
  try {
    while (Date.now() < end) {
      const t0 = Date.now();
      const r = await publishPending(db, publisher, projectId);
      total += r.published;
      if (r.published) {
        const lag = [...r.lagMs].sort((a, b) => a - b);
        logs.eventsPublished(r.published, lag[Math.floor(lag.length / 2)] ?? null, lag[lag.length - 1] ?? null);
      }
      if (Date.now() - lastRenew > ttl / 3) {
        if (!(await acquireLease(db, lease, o.owner, ttl))) break;
        lastRenew = Date.now();
      }
      // A full page means more is waiting: go again at once.
      if (r.published + r.failed >= 500) continue;
      await new Promise((res) => setTimeout(res, Math.max(0, t0 + o.intervalMs - Date.now())));
    }
  } finally {
    await releaseLease(db, lease, o.owner);
  }
  return { published: total, leaseHeld: true };
}
