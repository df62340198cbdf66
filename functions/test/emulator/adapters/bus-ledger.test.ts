/** The bus ledger against the Firestore and Pub/Sub emulators: a flooded, paused consumer, then its recovery. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Message } from '@google-cloud/pubsub';
import { adminDb, clearFirestore, PROJECT_ID } from '../helpers';
import { pubsub } from '../pubsub-helpers';
import { BusLedger, busFigures } from '../../../src/adapters/bus-ledger';
import { PubSubEventPublisher } from '../../../src/adapters/pubsub-publisher';
import { PubSubIngestQueue } from '../../../src/adapters/ingest-queue';
import { CountApplier } from '../../../src/stock/count-applier';
import { publishPending } from '../../../src/events/publisher';
import { parseEvent } from '../../../src/events/dispatcher';

describe('adapters/bus-ledger (emulator)', function () {
  this.timeout(60_000);
  const db = adminDb();
  beforeEach(clearFirestore);

  it('a flooded, paused consumer: backlog and oldest age rise; handled messages bring both down to 0; dead letters counted', async () => {
    const topic = `bus-test-${randomUUID()}`;
    const subscription = `consumer-${randomUUID().slice(0, 8)}`;
    const watched = [{ subscription, topic }];
    const ps = pubsub();
    const [t] = await ps.topic(topic).get({ autoCreate: true });
    // The consumer's subscription: it exists (messages are kept for it) and nobody reads it: paused.
    const [sub] = await t.createSubscription(subscription);
    let clock = Date.parse('2026-12-03T12:00:00.000Z');
    const ledger = new BusLedger(db, () => clock);
    const publisher = new PubSubEventPublisher(ps, topic, 'page', ledger);
    const applier = new CountApplier(db, { defaultThreshold: 0 });
    const flood = async (skus: number, from: number) => {
      const changes = new Map(Array.from({ length: skus }, (_, i) => {
        const sku = `BUS-${String(from + i).padStart(4, '0')}`;
        return [sku, [{ sku, locationId: 'wh-01', onHand: 10, seq: 1, updatedAt: clock, deleted: false }]];
      }));
      await applier.apply(changes, 'wms');
      let n = 0;
      for (let r = await publishPending(db, publisher, PROJECT_ID, { limit: 5000 }); r.published; r = await publishPending(db, publisher, PROJECT_ID, { limit: 5000 })) n += r.published;
      return n;
    };
    const figures = async () => (await busFigures(db, clock, watched))[0]!;

    const first = await flood(300, 0);
    assert.ok(first >= 300, `${first} events published`);
    clock += 5_000;
    let f = await figures();
    assert.deepEqual([f.published, f.acked, f.backlog, f.oldestUnackedAgeSeconds], [first, 0, first, 5]);
    clock += 5_000;
    const second = await flood(200, 300);
    clock += 10_000;
    f = await figures();
    assert.deepEqual([f.backlog, f.oldestUnackedAgeSeconds], [first + second, 20], 'backlog and age rise while the consumer is paused');

    // The consumer resumes: it handles what is in its subscription, through the ledger as the trigger does.
    const got: Message[] = [];
    await new Promise<void>((resolve) => {
      sub.on('message', (m: Message) => {
        got.push(m);
        if (got.length === first + second) resolve();
      });
    });
    await sub.close();
    for (const m of got.slice(0, first)) await ledger.handle(subscription, async () => parseEvent(JSON.parse(m.data.toString())));
    f = await figures();
    assert.equal(f.acked, first);
    assert.equal(f.backlog, second);
    assert.equal(f.oldestUnackedAgeSeconds, 10, 'the oldest left is from the second flood');
    const rest = got.slice(first);
    await ledger.handle(subscription, async () => null, (r) => r === null);
    await Promise.all(rest.slice(1).map((m) => ledger.handle(subscription, async () => parseEvent(JSON.parse(m.data.toString())))));
    f = await figures();
    assert.deepEqual([f.backlog, f.oldestUnackedAgeSeconds, f.deadLettered, f.acked], [0, 0, 1, first + second - 1]);
    assert.equal(f.lastDeadLetterAt, new Date(clock).toISOString());
    await sub.delete();
  });

  it('the ingest queue counts what it enqueues; a throwing handler is not counted as handled', async () => {
    const topic = `bus-ingest-${randomUUID()}`;
    const ledger = new BusLedger(db);
    const queue = new PubSubIngestQueue(pubsub(), topic, ledger);
    await queue.enqueue('a'.repeat(20));
    await queue.enqueue('b'.repeat(20));
    await assert.rejects(ledger.handle('worker', async () => { throw new Error('Firestore unavailable'); }), /unavailable/);
    await ledger.handle('worker', async () => 'done');
    const [f] = await busFigures(db, Date.now(), [{ subscription: 'worker', topic }]);
    assert.deepEqual([f!.published, f!.acked, f!.backlog], [2, 1, 1]);
  });
});
