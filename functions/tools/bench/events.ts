/** Event scenario: commit -> message received by a subscriber, through the outbox publisher loop. */
import { Firestore } from 'firebase-admin/firestore';
import { PubSub, Message } from '@google-cloud/pubsub';
import { CountApplier } from '../../src/stock/count-applier';
import { PubSubEventPublisher } from '../../src/adapters/pubsub-publisher';
import { runPublisherShift } from '../../src/events/publisher-loop';
import { Ceiling } from './ceiling';
import { percentile, record } from './lib';

export async function eventsBench(db: Firestore, ceil: Ceiling) {
  console.log('\n▶ events: commit -> subscriber, ordered per SKU');
  const project = process.env.GCLOUD_PROJECT!;
  const pubsub = new PubSub({ projectId: project });
  const topicName = 'bench-inventory-events';
  const [topic] = await pubsub.topic(topicName).get({ autoCreate: true });
  const [created] = await topic.createSubscription(`bench-sub-${Date.now()}`, { enableMessageOrdering: true });
  // One streaming pull: ordered delivery per key is then per stream in the emulator too.
  const sub = pubsub.subscription(created.name, { streamingOptions: { maxStreams: 1 }, flowControl: { maxMessages: 2000 } });
  const lags: number[] = [];
  let received = 0;
  let outOfOrder = 0;
  const lastSeq = new Map<string, string>();
  const seenIds = new Set<string>();
  let duplicates = 0;
  sub.on('message', (m: Message) => {
    const e = JSON.parse(m.data.toString()) as { id: string; subject: string; sequence: string; time: string };
    m.ack();
    // A redelivery (late ack under load) is a duplicate, not disorder: consumers drop it by id.
    if (seenIds.has(e.id)) {
      duplicates++;
      return;
    }
    seenIds.add(e.id);
    lags.push(Date.now() - Date.parse(e.time));
    if ((lastSeq.get(e.subject) ?? '') > e.sequence) outOfOrder++;
    lastSeq.set(e.subject, e.sequence);
    received++;
  });
  const applier = new CountApplier(db, { defaultThreshold: 5 });
  const publisher = new PubSubEventPublisher(pubsub, topicName);
  const loop = runPublisherShift(db, publisher, project, { owner: 'bench', holdMs: Infinity, lifeMs: 40_000, intervalMs: 250 });
  const SKUS = 500;
  const ROUNDS = 10;
  const t0 = Date.now();
  for (let r = 1; r <= ROUNDS; r++) {
    const changes = new Map(Array.from({ length: SKUS }, (_, i) => {
      const sku = `EV-${i}`;
      return [sku, [{ sku, locationId: 'wh-01', onHand: (r * 7 + i) % 13, seq: r, updatedAt: Date.now(), deleted: false }]];
    }));
    await applier.apply(changes, 'bench');
    await new Promise((res) => setTimeout(res, 500));
  }
  const expected = (await db.collection('inventoryEvents').count().get()).data().count;
  const end = Date.now() + 30_000;
  while (received < expected && Date.now() < end) await new Promise((res) => setTimeout(res, 100));
  const elapsed = (Date.now() - t0) / 1000;
  await loop.catch(() => undefined);
  await sub.close();
  await sub.delete().catch(() => undefined);
  await pubsub.close();
  record({ scenario: 'events', metric: `events published and received (${expected.toLocaleString()} events)`, value: received / elapsed, unit: 'events/s', baseline: 'ceiling publish', ratio: received / elapsed / ceil.publishPerSec });
  record({ scenario: 'events', metric: 'publish lag p50 (commit -> subscriber)', value: percentile(lags, 50), unit: 'ms' });
  record({ scenario: 'events', metric: 'publish lag p99 (commit -> subscriber)', value: percentile(lags, 99), unit: 'ms' });
  record({ scenario: 'events', metric: 'events not received / out of order per SKU', value: Math.max(0, expected - received), unit: `not received / ${outOfOrder} out of order (${duplicates} redelivered duplicates)`, target: '0 / 0', pass: received >= expected && outOfOrder === 0 });
}
