/**
 * Publishes inventory events to Pub/Sub with ordering key = SKU (or a stable shard of it,
 * events/ordering.ts), in the CloudEvents Pub/Sub
 * protocol binding's structured content mode: the message data is the whole event as JSON and the
 * `content-type` attribute is `application/cloudevents+json` (the `ce-*` attributes belong to the
 * binary mode, so none are set). The `sku` attribute is for subscription filters
 * (`attributes.sku = "A-1"`), which cannot read the body.
 *
 * A page goes out as few publish requests as possible, each carrying the events of many SKUs
 * (Pub/Sub's publish RPC takes messages with different ordering keys in one request), one request
 * at a time: a SKU's events are in log order within a request, and a request is sent only after the
 * one before it was acknowledged, so each SKU keeps its order. The client library's own batching
 * (`per-key`, before 0.8.0) sends one request per ordering key at a time: a page of 500 events for
 * 500 SKUs was 500 requests (docs/events.md).
 */
import * as logs from '../logs';
import { PubSub, Topic } from '@google-cloud/pubsub';
import { EventPublisher, OutgoingMessage } from '../events/ports';
import { orderingKeyOf } from '../events/ordering';

export const EVENTS_TOPIC = 'inventory-events';
export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

/** Pub/Sub's limits per publish request are 1,000 messages and 10 MB. */
const MAX_MESSAGES = 1000;
const MAX_BYTES = 9_000_000;

export type Batching = 'page' | 'per-key';

interface WireMessage {
  data: Buffer;
  attributes: Record<string, string>;
  orderingKey: string;
}

/** Where a publisher says how many messages a topic was given. */
export interface PublishLedger {
  published(topic: string, n: number): Promise<void>;
}

/** Counts accepted messages in the ledger; a failure there is logged (the messages are out: failing would publish them twice). */
export async function recordPublished(ledger: PublishLedger | undefined, topic: string, n: number): Promise<void> {
  if (!ledger || n <= 0) return;
  await ledger.published(topic, n).catch((err) => logs.internalError('bus ledger (published)', err, { topic, n }));
}

export class PubSubEventPublisher implements EventPublisher {
  private topic: Promise<Topic> | undefined;

  constructor(
    private readonly pubsub = new PubSub(),
    private readonly topicName = EVENTS_TOPIC,
    private readonly batching: Batching = 'page',
    /** Told how many messages Pub/Sub accepted (adapters/bus-ledger.ts); its failure never fails a publish. */
    private readonly ledger?: PublishLedger,
    /** 0: ordering key = SKU; N: one of N stable shards of the SKU (events/ordering.ts, `EVENT_ORDERING_SHARDS`). */
    private readonly orderingShards = 0,
  ) {
    // A bad shard count is refused here, at wiring, rather than on the first publish.
    orderingKeyOf('', orderingShards);
  }

  private ensureTopic(): Promise<Topic> {
    this.topic ??= (async () => {
      const [t] = await this.pubsub.topic(this.topicName).get({ autoCreate: true });
      return this.pubsub.topic(t.name, { messageOrdering: true, batching: { maxMessages: 500, maxMilliseconds: 5 } });
    })();
    return this.topic;
  }

  private wire(m: OutgoingMessage): WireMessage {
    return { data: Buffer.from(JSON.stringify(m.event)), attributes: { 'content-type': CLOUDEVENTS_JSON, sku: m.event.subject }, orderingKey: orderingKeyOf(m.orderingKey, this.orderingShards) };
  }

  async publish(messages: OutgoingMessage[]): Promise<{ published: string[]; failed: string[] }> {
    const topic = await this.ensureTopic();
    const r = this.batching === 'page' ? await this.publishPage(topic, messages) : await this.publishPerKey(topic, messages);
    await recordPublished(this.ledger, this.topicName, r.published.length);
    return r;
  }

  /**
   * Requests of up to 1,000 messages, one after another. A failed request stops the page: it and
   * everything after it stay unpublished and go out, in order, on the next sweep (a request that
   * failed after Pub/Sub stored it is published twice: a duplicate by id, never a gap).
   */
  private async publishPage(topic: Topic, messages: OutgoingMessage[]): Promise<{ published: string[]; failed: string[] }> {
    const published: string[] = [];
    let i = 0;
    while (i < messages.length) {
      const batch: WireMessage[] = [];
      let bytes = 0;
      for (; i < messages.length && batch.length < MAX_MESSAGES; i++) {
        const w = this.wire(messages[i]!);
        if (batch.length && bytes + w.data.length > MAX_BYTES) break;
        batch.push(w);
        bytes += w.data.length;
      }
      try {
        await new Promise<void>((resolve, reject) =>
          topic.request({ client: 'PublisherClient', method: 'publish', reqOpts: { topic: topic.name, messages: batch } }, (err: Error | null) => (err ? reject(err) : resolve())),
        );
      } catch {
        return { published, failed: messages.slice(i - batch.length).map((m) => m.event.id) };
      }
      for (let k = i - batch.length; k < i; k++) published.push(messages[k]!.event.id);
    }
    return { published, failed: [] };
  }

  /** The client library's ordered batching: order per key; once a key fails it rejects the rest of that key. */
  private async publishPerKey(topic: Topic, messages: OutgoingMessage[]): Promise<{ published: string[]; failed: string[] }> {
    const published: string[] = [];
    const failed: string[] = [];
    const blocked = new Set<string>();
    await Promise.all(
      messages.map(async (m) => {
        const w = this.wire(m);
        try {
          await topic.publishMessage({ data: w.data, orderingKey: w.orderingKey, attributes: w.attributes });
          published.push(m.event.id);
        } catch {
          failed.push(m.event.id);
          blocked.add(w.orderingKey);
        }
      }),
    );
    for (const key of blocked) topic.resumePublishing(key);
    return { published, failed };
  }
}
