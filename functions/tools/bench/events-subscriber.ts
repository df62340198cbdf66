/**
 * The events bench's outside subscriber, in a process of its own (`fork`ed by events.ts): one
 * streaming pull with ordered delivery, as a consumer deployed apart from the relay would run it.
 * In the bench's own process it shared one event loop with the writer and the relay, so a busy
 * moment there delayed the arrivals it stamped. Per event it keeps [arrival, lag, commit time,
 * accepted by Pub/Sub]; it reports its counts and the arrival of watched SKUs every 100 ms, and
 * its whole timeline when told to stop.
 */
import { PubSub, Message } from '@google-cloud/pubsub';

export type FromParent = { type: 'watch'; sku: string } | { type: 'stop' };
export type ToParent =
  | { type: 'ready' }
  | { type: 'status'; received: number; arrivals: Record<string, number> }
  | { type: 'done'; received: number; outOfOrder: number; duplicates: number; timeline: [number, number, number, number][] };

async function main(): Promise<void> {
  const [projectId, topicName] = process.argv.slice(2);
  const send = (m: ToParent) => process.send!(m);
  const pubsub = new PubSub({ projectId });
  const [topic] = await pubsub.topic(topicName!).get({ autoCreate: true });
  const [created] = await topic.createSubscription(`bench-sub-${Date.now()}`, { enableMessageOrdering: true });
  const sub = pubsub.subscription(created.name, { streamingOptions: { maxStreams: 1 }, flowControl: { maxMessages: 5000 } });
  const timeline: [number, number, number, number][] = [];
  const lastSeq = new Map<string, string>();
  const seen = new Set<string>();
  const watched = new Set<string>();
  const arrivals: Record<string, number> = {};
  let outOfOrder = 0;
  let duplicates = 0;
  sub.on('message', (m: Message) => {
    const at = Date.now();
    const e = JSON.parse(m.data.toString()) as { id: string; subject: string; sequence: string; time: string };
    m.ack();
    // A redelivery (a late ack under load) is a duplicate, not disorder: consumers drop it by id.
    if (seen.has(e.id)) {
      duplicates++;
      return;
    }
    seen.add(e.id);
    if (watched.has(e.subject)) arrivals[e.subject] = at;
    const committed = Date.parse(e.time);
    timeline.push([at, at - committed, committed, m.publishTime.getTime()]);
    if ((lastSeq.get(e.subject) ?? '') > e.sequence) outOfOrder++;
    lastSeq.set(e.subject, e.sequence);
  });
  const status = setInterval(() => send({ type: 'status', received: timeline.length, arrivals }), 100);
  process.on('message', (m: FromParent) => {
    if (m.type === 'watch') watched.add(m.sku);
    else if (m.type === 'stop') {
      clearInterval(status);
      void (async () => {
        await sub.close();
        await sub.delete().catch(() => undefined);
        await pubsub.close();
        process.send!({ type: 'done', received: timeline.length, outOfOrder, duplicates, timeline } satisfies ToParent, () => process.disconnect());
      })();
    }
  });
  send({ type: 'ready' });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
