/**
 * `npm run provision` against the Pub/Sub emulator: retention, dead-letter topics and policies,
 * idempotent. The module with throwaway names, then the command itself on the product's topics.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PubSub } from '@google-cloud/pubsub';
import { PROJECT_ID } from '../helpers';
import { MAX_DELIVERY_ATTEMPTS, provision, RETENTION_SECONDS, TOPICS } from '../../../src/adapters/pubsub-provision';

describe('provisioning (Pub/Sub emulator)', function () {
  this.timeout(60_000);
  const pubsub = new PubSub({ projectId: PROJECT_ID });

  // The command also bounds the Functions emulator's own subscriptions; later tests expect them as
  // the emulator made them (immediate redelivery), so they are put back.
  after(async () => {
    for (const t of TOPICS) {
      const [subs] = await pubsub.topic(t.topic).getSubscriptions().catch(() => [[]] as never);
      for (const s of subs) await s.setMetadata({ deadLetterPolicy: null, retryPolicy: null }).catch(() => undefined);
    }
  });

  it('sets 7-day retention, creates the dead-letter topics with a keeping subscription, bounds deliveries; a second run changes nothing', async () => {
    const suffix = Date.now().toString(36);
    const plans = [{ topic: `prov-events-${suffix}`, deadLetterTopic: `prov-events-${suffix}-dl` }];
    await pubsub.createTopic(plans[0]!.topic);
    // As deploy leaves it: the function's subscription, no dead-letter policy.
    await pubsub.topic(plans[0]!.topic).createSubscription(`prov-fn-${suffix}`);

    const first = await provision(pubsub, PROJECT_ID, plans);
    assert.equal(first.changed.length, 4, first.changed.join('\n'));
    const [topic] = await pubsub.topic(plans[0]!.topic).getMetadata();
    assert.equal(Number(topic.messageRetentionDuration?.seconds), RETENTION_SECONDS);
    const [dl] = await pubsub.topic(plans[0]!.deadLetterTopic).getMetadata();
    assert.equal(Number(dl.messageRetentionDuration?.seconds), RETENTION_SECONDS);
    const [sub] = await pubsub.subscription(`prov-fn-${suffix}`).getMetadata();
    assert.deepEqual([sub.deadLetterPolicy?.deadLetterTopic, sub.deadLetterPolicy?.maxDeliveryAttempts], [`projects/${PROJECT_ID}/topics/${plans[0]!.deadLetterTopic}`, MAX_DELIVERY_ATTEMPTS]);
    assert.ok(sub.retryPolicy?.minimumBackoff, 'a back-off between deliveries');
    assert.ok((await pubsub.subscription(`${plans[0]!.deadLetterTopic}-keep`).exists())[0], 'dead letters are kept');

    const again = await provision(pubsub, PROJECT_ID, plans);
    assert.deepEqual(again.changed, [], 'idempotent');
    assert.equal(again.unchanged.length, 4);
  });

  it('`npm run provision` does it for the product\'s topics, and again changes nothing', async () => {
    const root = path.resolve(__dirname, '../../..');
    const cli = () => promisify(execFile)(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'tools/provision.ts'), '--project', PROJECT_ID], { env: process.env, cwd: root });
    const first = await cli();
    assert.match(first.stdout, new RegExp(`${PROJECT_ID}: \\d+ changed`));
    for (const t of TOPICS) {
      const [meta] = await pubsub.topic(t.topic).getMetadata();
      assert.equal(Number(meta.messageRetentionDuration?.seconds), RETENTION_SECONDS, t.topic);
      assert.ok((await pubsub.topic(t.deadLetterTopic).exists())[0], t.deadLetterTopic);
    }
    const second = await cli();
    assert.match(second.stdout, new RegExp(`${PROJECT_ID}: 0 changed`));
  });
});
