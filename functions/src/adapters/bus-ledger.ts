/**
 * The event bus's own ledger: how many messages each topic was given, how many each subscription
 * has handled, and when. From it, per subscription, the three figures Cloud Monitoring reports
 * for a Pub/Sub subscription:
 *
 * - backlog: published − acknowledged − dead-lettered (`num_undelivered_messages`);
 * - oldest unacknowledged age: the publish second of the oldest message not yet handled, counting
 *   back from the newest, assuming messages are handled in publish order, as Pub/Sub mostly
 *   delivers them (`oldest_unacked_message_age`: an estimate, exact for a paused consumer);
 * - dead letters: how many the subscription gave up on, and when the last one was.
 *
 * In production the alert policies read Cloud Monitoring's own figures (ops/alert-policies/bus/);
 * this ledger is what an operator sees where there is no Monitoring API (the emulators) and a
 * cross-check where there is. The Pub/Sub emulator exposes no counts, and reading a subscription
 * to count it would lease its messages away from the consumer.
 *
 * Cost: a publisher adds two writes per publish request (a counter shard and its second's bucket);
 * a subscriber instance adds at most one write per second (an ack counter shard), or one per
 * message when it has nothing else in flight, so an idle bus reads exact.
 */
import { createHash, randomUUID } from 'node:crypto';
import { FieldValue, Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from './collections';
import { expireAt } from './retention';

/** The subscriptions watched: the consumer functions and their topics. */
export const WATCHED = [
  { subscription: 'onInventoryEvent', topic: 'inventory-events' },
  { subscription: 'applyIngestJob', topic: 'inventory-ingest' },
] as const;

export const SHARDS = 10;
const FLUSH_MS = 1000;

export interface BusFigures {
  subscription: string;
  topic: string;
  published: number;
  acked: number;
  deadLettered: number;
  backlog: number;
  /** Seconds since the oldest message not yet handled was published (0: none). */
  oldestUnackedAgeSeconds: number;
  lastAckAt: string | null;
  lastDeadLetterAt: string | null;
}

const INSTANCE = randomUUID();

function shardOf(key: string): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % SHARDS;
}

export class BusLedger {
  private readonly pending = new Map<string, { acked: number; dead: number; lastAckAt: number; lastDeadAt: number }>();
  private inflight = 0;
  private lastFlush = 0;

  constructor(
    private readonly db: Firestore,
    private readonly now: () => number = Date.now,
  ) {}

  /** After Pub/Sub accepted `n` messages on `topic`. */
  async published(topic: string, n: number): Promise<void> {
    if (n <= 0) return;
    const at = this.now();
    const second = Math.floor(at / 1000);
    const batch = this.db.batch();
    batch.set(this.db.collection(C.busCounters).doc(`${topic}__${Math.floor(Math.random() * SHARDS)}`), { key: topic, published: FieldValue.increment(n), lastPublishAt: Timestamp.fromMillis(at) }, { merge: true });
    batch.set(this.db.collection(C.busSeconds).doc(`${topic}__${second}`), { topic, second, n: FieldValue.increment(n), expireAt: expireAt('busSeconds') }, { merge: true });
    await batch.commit();
  }

  /** Wraps one delivery: counted as handled when it returns (`dead` when it was dead-lettered); a throw is not handled (it is redelivered). */
  async handle<T>(subscription: string, run: () => Promise<T>, dead: (r: T) => boolean = () => false): Promise<T> {
    this.inflight++;
    let result: T;
    try {
      result = await run();
    } finally {
      this.inflight--;
    }
    const p = this.pending.get(subscription) ?? { acked: 0, dead: 0, lastAckAt: 0, lastDeadAt: 0 };
    const at = this.now();
    if (dead(result)) {
      p.dead++;
      p.lastDeadAt = at;
    } else {
      p.acked++;
      p.lastAckAt = at;
    }
    this.pending.set(subscription, p);
    if (this.inflight === 0 || at - this.lastFlush >= FLUSH_MS) await this.flush();
    return result;
  }

  /** Writes what this instance handled since its last flush (one shard per subscription). */
  async flush(): Promise<void> {
    if (!this.pending.size) return;
    const batch = this.db.batch();
    for (const [sub, p] of this.pending) {
      batch.set(
        this.db.collection(C.busCounters).doc(`${sub}__${shardOf(INSTANCE)}`),
        {
          key: sub,
          acked: FieldValue.increment(p.acked),
          deadLettered: FieldValue.increment(p.dead),
          ...(p.lastAckAt ? { lastAckAt: Timestamp.fromMillis(p.lastAckAt) } : {}),
          ...(p.lastDeadAt ? { lastDeadLetterAt: Timestamp.fromMillis(p.lastDeadAt) } : {}),
        },
        { merge: true },
      );
    }
    this.pending.clear();
    this.lastFlush = this.now();
    await batch.commit();
  }
}

interface Sums {
  published: number;
  acked: number;
  deadLettered: number;
  lastAckAt: number | null;
  lastDeadLetterAt: number | null;
}

async function sums(db: Firestore, key: string): Promise<Sums> {
  const refs = Array.from({ length: SHARDS }, (_, i) => db.collection(C.busCounters).doc(`${key}__${i}`));
  const out: Sums = { published: 0, acked: 0, deadLettered: 0, lastAckAt: null, lastDeadLetterAt: null };
  const latest = (a: number | null, t: unknown) => (t instanceof Timestamp ? Math.max(a ?? 0, t.toMillis()) : a);
  for (const s of await db.getAll(...refs)) {
    const d = s.data() ?? {};
    out.published += Number(d.published ?? 0);
    out.acked += Number(d.acked ?? 0);
    out.deadLettered += Number(d.deadLettered ?? 0);
    out.lastAckAt = latest(out.lastAckAt, d.lastAckAt);
    out.lastDeadLetterAt = latest(out.lastDeadLetterAt, d.lastDeadLetterAt);
  }
  return out;
}

/**
 * The second in which the oldest of the newest `backlog` messages of `topic` was published:
 * walks the per-second buckets from the newest back until they hold `backlog` messages.
 */
async function oldestSecond(db: Firestore, topic: string, backlog: number): Promise<number | null> {
  if (backlog <= 0) return null;
  let seen = 0;
  let cursor: number | null = null;
  let oldest: number | null = null;
  for (;;) {
    let q = db.collection(C.busSeconds).where('topic', '==', topic).orderBy('second', 'desc').limit(500);
    if (cursor !== null) q = q.startAfter(cursor);
    const page = await q.get();
    for (const d of page.docs) {
      const { second, n } = d.data() as { second: number; n: number };
      seen += n;
      oldest = second;
      if (seen >= backlog) return second;
    }
    if (page.size < 500) return oldest;
    cursor = (page.docs[page.docs.length - 1]!.data() as { second: number }).second;
  }
}

/** The figures of every watched subscription, now. */
export async function busFigures(db: Firestore, now = Date.now(), watched: readonly { subscription: string; topic: string }[] = WATCHED): Promise<BusFigures[]> {
  return Promise.all(
    watched.map(async ({ subscription, topic }) => {
      const [pub, sub] = await Promise.all([sums(db, topic), sums(db, subscription)]);
      const backlog = Math.max(0, pub.published - sub.acked - sub.deadLettered);
      const second = await oldestSecond(db, topic, backlog);
      return {
        subscription,
        topic,
        published: pub.published,
        acked: sub.acked,
        deadLettered: sub.deadLettered,
        backlog,
        oldestUnackedAgeSeconds: second === null ? 0 : Math.max(0, Math.round(now / 1000 - second)),
        lastAckAt: sub.lastAckAt ? new Date(sub.lastAckAt).toISOString() : null,
        lastDeadLetterAt: sub.lastDeadLetterAt ? new Date(sub.lastDeadLetterAt).toISOString() : null,
      };
    }),
  );
}
