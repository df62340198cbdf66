/**
 * The event tests' world: the Firestore emulator, and a subscription in the Pub/Sub emulator that
 * receives what the publisher sends (in order per key). `eventsWorld()` registers its hooks in
 * the calling describe block.
 */
import { PubSub, Subscription, Message } from '@google-cloud/pubsub';
import { adminDb, clearFirestore, PROJECT_ID } from '../helpers';
import { CountApplier } from '../../../src/stock/count-applier';
import { PubSubEventPublisher } from '../../../src/adapters/pubsub-publisher';
import { InventoryCloudEvent } from '../../../src/events/schema';

export function eventsWorld() {
  const db = adminDb();
  const pubsub = new PubSub({ projectId: PROJECT_ID });
  const topicName = 'inventory-events-test';
  let sub: Subscription;
  const received: InventoryCloudEvent[] = [];
  const raw: { attributes: Record<string, string>; data: string; orderingKey: string }[] = [];
  const w = {
    db,
    pubsub,
    received,
    raw,
    publisher: null as unknown as PubSubEventPublisher,
    until,
    apply,
  };

  before(async () => {
    const [topic] = await pubsub.topic(topicName).get({ autoCreate: true });
    [sub] = await topic.createSubscription(`sub-${Date.now()}`, { enableMessageOrdering: true });
    sub.on('message', (m: Message) => {
      received.push(JSON.parse(m.data.toString()));
      raw.push({ attributes: { ...m.attributes }, data: m.data.toString(), orderingKey: m.orderingKey ?? '' });
      m.ack();
    });
    w.publisher = new PubSubEventPublisher(pubsub, topicName);
  });
  after(async () => {
    await sub.close();
    await pubsub.close();
  });
  beforeEach(async () => {
    await clearFirestore();
    received.length = 0;
    raw.length = 0;
  });

  async function until(n: number, ms = 10_000) {
    const end = Date.now() + ms;
    while (received.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  }

  function apply(sku: string, loc: string, onHand: number, seq: number) {
    return new CountApplier(db, { defaultThreshold: 2 }).apply(new Map([[sku, [{ sku, locationId: loc, onHand, seq, updatedAt: Date.now(), deleted: false }]]]), 'wms');
  }

  return w;
}
