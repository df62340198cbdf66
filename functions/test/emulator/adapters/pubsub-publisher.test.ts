import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CLOUDEVENTS_JSON, PubSubEventPublisher } from '../../../src/adapters/pubsub-publisher';
import { InventoryCloudEvent } from '../../../src/events/schema';
import { pubsub, subscribe, until } from '../pubsub-helpers';

describe('adapters/pubsub-publisher (emulator)', () => {
  it('publishes CloudEvents in order per ordering key and says which went out', async () => {
    const topic = `test-events-${randomUUID()}`;
    const sub = await subscribe(topic, { ordered: true });
    try {
      const event = (sku: string, n: number) => ({ id: `${sku}-${n}`, subject: sku }) as unknown as InventoryCloudEvent;
      const messages = [1, 2, 3, 4, 5].flatMap((n) => ['A', 'B'].map((sku) => ({ orderingKey: sku, event: event(sku, n) })));
      const r = await new PubSubEventPublisher(pubsub(), topic).publish(messages);
      assert.equal(r.published.length, 10);
      assert.deepEqual(r.failed, []);
      await until(() => sub.received.length === 10);
      for (const sku of ['A', 'B']) {
        const ids = sub.received.filter((m) => m.orderingKey === sku).map((m) => JSON.parse(m.data.toString()).id);
        assert.deepEqual(ids, [1, 2, 3, 4, 5].map((n) => `${sku}-${n}`));
      }
      assert.equal(sub.received[0]!.attributes['content-type'], CLOUDEVENTS_JSON);
    } finally {
      await sub.close();
    }
  });
});
