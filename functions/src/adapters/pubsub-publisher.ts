/**
 * Publishes inventory events to Pub/Sub with message ordering by SKU and client-side batching, in
 * the CloudEvents Pub/Sub protocol binding's structured content mode: the message data is the
 * whole event as JSON and the `content-type` attribute is `application/cloudevents+json` (the
 * `ce-*` attributes belong to the binary mode, so none are set). The `sku` attribute is for
 * subscription filters (`attributes.sku = "A-1"`), which cannot read the body; the ordering key
 * is the SKU's shard (events/ordering.ts).
 */
import { PubSub, Topic } from '@google-cloud/pubsub';
import { EventPublisher, OutgoingMessage } from '../events/ports';

export const EVENTS_TOPIC = 'inventory-events';
export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

export class PubSubEventPublisher implements EventPublisher {
  private topic: Promise<Topic> | undefined;

  constructor(private readonly pubsub = new PubSub(), private readonly topicName = EVENTS_TOPIC) {}

  private ensureTopic(): Promise<Topic> {
    this.topic ??= (async () => {
      const [t] = await this.pubsub.topic(this.topicName).get({ autoCreate: true });
      return this.pubsub.topic(t.name, { messageOrdering: true, batching: { maxMessages: 500, maxMilliseconds: 5 } });
    })();
    return this.topic;
  }

  async publish(messages: OutgoingMessage[]): Promise<{ published: string[]; failed: string[] }> {
    const topic = await this.ensureTopic();
    const published: string[] = [];
    const failed: string[] = [];
    const blocked = new Set<string>();
    // The client keeps order per key; once a key fails it rejects the rest of that key, so they
    // stay unpublished and go out, in order, on the next sweep.
    await Promise.all(
      messages.map(async (m) => {
        try {
          await topic.publishMessage({
            json: m.event,
            orderingKey: m.orderingKey,
            attributes: { 'content-type': CLOUDEVENTS_JSON, sku: m.event.subject },
          });
          published.push(m.event.id);
        } catch {
          failed.push(m.event.id);
          blocked.add(m.orderingKey);
        }
      }),
    );
    for (const key of blocked) topic.resumePublishing(key);
    return { published, failed };
  }
}
