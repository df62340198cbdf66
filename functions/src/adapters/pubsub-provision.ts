/**
 * What `firebase deploy` does not set up, as code (`npm run provision [-- --project id]`):
 * Pub/Sub message retention of 7 days on the product's topics (replay and audit within a week
 * even when a consumer was down), the dead-letter topics, a subscription on each so dead letters
 * are kept for an operator, and on every subscription of the main topics (the functions' own,
 * created by deploy) a dead-letter policy with a bounded number of deliveries and a back-off.
 *
 * Idempotent: each step reads first and changes only what differs; a second run reports nothing
 * changed. Runs against the Pub/Sub emulator in tests (the admin API is the same).
 */
import { PubSub } from '@google-cloud/pubsub';

export const RETENTION_SECONDS = 7 * 86_400;
export const MAX_DELIVERY_ATTEMPTS = 8;

export interface TopicPlan {
  topic: string;
  deadLetterTopic: string;
}

/** The product's topics and their dead-letter topics. */
export const TOPICS: readonly TopicPlan[] = [
  { topic: 'inventory-events', deadLetterTopic: 'inventory-events-dead-letter' },
  { topic: 'inventory-ingest', deadLetterTopic: 'inventory-ingest-dead-letter' },
];

export interface ProvisionReport {
  changed: string[];
  unchanged: string[];
}

const seconds = (d: unknown): number => {
  const v = (d as { seconds?: number | string | { toNumber(): number } } | null | undefined)?.seconds;
  if (v === undefined || v === null) return 0;
  return typeof v === 'object' ? v.toNumber() : Number(v);
};

export async function provision(pubsub: PubSub, projectId: string, plans: readonly TopicPlan[] = TOPICS): Promise<ProvisionReport> {
  const report: ProvisionReport = { changed: [], unchanged: [] };
  const note = (changed: boolean, what: string) => (changed ? report.changed : report.unchanged).push(what);

  for (const plan of plans) {
    for (const name of [plan.topic, plan.deadLetterTopic]) {
      const topic = pubsub.topic(name);
      const [exists] = await topic.exists();
      if (!exists) {
        await pubsub.createTopic({ name, messageRetentionDuration: { seconds: RETENTION_SECONDS } });
        note(true, `topic ${name}: created, retention 7 days`);
        continue;
      }
      const [meta] = await topic.getMetadata();
      if (seconds(meta.messageRetentionDuration) !== RETENTION_SECONDS) {
        await topic.setMetadata({ messageRetentionDuration: { seconds: RETENTION_SECONDS } });
        note(true, `topic ${name}: retention set to 7 days`);
      } else note(false, `topic ${name}`);
    }

    // Dead letters are kept where an operator can read (and replay) them.
    const keeper = `${plan.deadLetterTopic}-keep`;
    const sub = pubsub.subscription(keeper);
    const [subExists] = await sub.exists();
    if (!subExists) {
      await pubsub.topic(plan.deadLetterTopic).createSubscription(keeper, { messageRetentionDuration: { seconds: RETENTION_SECONDS }, expirationPolicy: {} });
      note(true, `subscription ${keeper}: created`);
    } else note(false, `subscription ${keeper}`);

    // The functions' subscriptions (created by deploy, or by the emulator locally): bounded deliveries.
    const deadLetterTopic = `projects/${projectId}/topics/${plan.deadLetterTopic}`;
    const [subs] = await pubsub.topic(plan.topic).getSubscriptions();
    for (const s of subs) {
      const [meta] = await s.getMetadata();
      const dl = meta.deadLetterPolicy;
      if (dl?.deadLetterTopic === deadLetterTopic && dl.maxDeliveryAttempts === MAX_DELIVERY_ATTEMPTS && meta.retryPolicy?.minimumBackoff) {
        note(false, `subscription ${s.name.split('/').pop()}`);
        continue;
      }
      await s.setMetadata({
        deadLetterPolicy: { deadLetterTopic, maxDeliveryAttempts: MAX_DELIVERY_ATTEMPTS },
        retryPolicy: { minimumBackoff: { seconds: 10 }, maximumBackoff: { seconds: 600 } },
      });
      note(true, `subscription ${s.name.split('/').pop()}: dead-letter policy (${MAX_DELIVERY_ATTEMPTS} deliveries) and back-off`);
    }
  }
  return report;
}

/** The subscriptions of the product's topics (the consumers'; not the dead-letter keepers), for the bus's alert policies. */
export async function consumerSubscriptions(pubsub: PubSub, plans: readonly TopicPlan[] = TOPICS): Promise<{ subscription: string; topic: string }[]> {
  const out: { subscription: string; topic: string }[] = [];
  for (const plan of plans) {
    const [exists] = await pubsub.topic(plan.topic).exists();
    if (!exists) continue;
    const [subs] = await pubsub.topic(plan.topic).getSubscriptions();
    for (const s of subs) out.push({ subscription: s.name.split('/').pop()!, topic: plan.topic });
  }
  return out.sort((a, b) => a.subscription.localeCompare(b.subscription));
}
