/** Pub/Sub in tests: a fresh subscription on a topic, and the messages it receives. */
import { randomUUID } from 'node:crypto';
import { Message, PubSub } from '@google-cloud/pubsub';
import { PROJECT_ID } from './helpers';

export const pubsub = () => new PubSub({ projectId: PROJECT_ID });

/** Creates the topic if needed and a new subscription on it (messages published from now on). */
export async function subscribe(topic: string, opts: { ordered?: boolean } = {}): Promise<{ received: Message[]; close(): Promise<void> }> {
  const ps = pubsub();
  const [t] = await ps.topic(topic).get({ autoCreate: true });
  const [sub] = await t.createSubscription(`test-${randomUUID()}`, { enableMessageOrdering: opts.ordered ?? false });
  const received: Message[] = [];
  sub.on('message', (m: Message) => {
    received.push(m);
    m.ack();
  });
  return {
    received,
    close: async () => {
      await sub.close();
      await sub.delete().catch(() => undefined);
    },
  };
}

export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
