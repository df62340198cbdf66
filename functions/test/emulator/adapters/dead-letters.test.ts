import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PubSubDeadLetters } from '../../../src/adapters/dead-letters';
import { pubsub, subscribe, until } from '../pubsub-helpers';

describe('adapters/dead-letters (emulator)', () => {
  it('a dead letter carries the message and, as attributes, why, for whom and after how many deliveries', async () => {
    const topic = `test-dead-${randomUUID()}`;
    const sub = await subscribe(topic);
    try {
      await new PubSubDeadLetters(pubsub(), topic).send({ message: { id: 'e-1' }, reason: 'x'.repeat(1500), consumers: ['sales', 'holds'], attempts: 8 });
      await until(() => sub.received.length === 1);
      const m = sub.received[0]!;
      assert.deepEqual(JSON.parse(m.data.toString()).message, { id: 'e-1' });
      assert.equal(m.attributes.reason!.length, 1000, 'the attribute is capped; the body keeps the whole reason');
      assert.equal(JSON.parse(m.data.toString()).reason.length, 1500);
      assert.equal(m.attributes.consumers, 'sales,holds');
      assert.equal(m.attributes.attempts, '8');
    } finally {
      await sub.close();
    }
  });
});
