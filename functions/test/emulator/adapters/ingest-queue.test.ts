import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PubSubIngestQueue } from '../../../src/adapters/ingest-queue';
import { pubsub, subscribe, until } from '../pubsub-helpers';

describe('adapters/ingest-queue (emulator)', () => {
  it('queues a job id as a JSON message on its topic (created on first use)', async () => {
    const topic = `test-ingest-${randomUUID()}`;
    const sub = await subscribe(topic);
    try {
      await new PubSubIngestQueue(pubsub(), topic).enqueue('job-1');
      await until(() => sub.received.length === 1);
      assert.deepEqual(JSON.parse(sub.received[0]!.data.toString()), { jobId: 'job-1' });
    } finally {
      await sub.close();
    }
  });
});
