import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { consumerSubscriptions, MAX_DELIVERY_ATTEMPTS, provision, RETENTION_SECONDS } from '../../../src/adapters/pubsub-provision';
import { PROJECT_ID } from '../helpers';
import { pubsub } from '../pubsub-helpers';

describe('adapters/pubsub-provision (emulator)', () => {
  it('sets retention, dead-letter topics and policies, and a second run changes nothing', async () => {
    const ps = pubsub();
    const topic = `test-prov-${randomUUID()}`;
    const plan = [{ topic, deadLetterTopic: `${topic}-dead` }];
    const [t] = await ps.createTopic(topic);
    await t.createSubscription(`${topic}-fn`);
    const first = await provision(ps, PROJECT_ID, plan);
    assert.ok(first.changed.some((c) => c.includes(`${topic}-dead-keep: created`)));
    assert.ok(first.changed.some((c) => c.includes(`${topic}-fn: dead-letter policy`)));
    const [meta] = await ps.subscription(`${topic}-fn`).getMetadata();
    assert.equal(meta.deadLetterPolicy?.maxDeliveryAttempts, MAX_DELIVERY_ATTEMPTS);
    assert.equal(meta.deadLetterPolicy?.deadLetterTopic, `projects/${PROJECT_ID}/topics/${topic}-dead`);
    const [dead] = await ps.topic(`${topic}-dead`).getMetadata();
    assert.equal(Number(dead.messageRetentionDuration?.seconds), RETENTION_SECONDS);
    const second = await provision(ps, PROJECT_ID, plan);
    assert.deepEqual(second.changed, []);
    // The bus's alert policies are made per consumer subscription: the dead-letter keeper is not one.
    assert.deepEqual(await consumerSubscriptions(ps, plan), [{ subscription: `${topic}-fn`, topic }]);
  });
});
