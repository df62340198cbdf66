/**
 * The events bench's relay, in a process of its own (`fork`ed by events.ts), as the publisher runs
 * deployed: its own function instance, not the writer's. In the writer's process, the writer's
 * busy moments (a 150-SKU commit every 100 ms) held up its event loop (measured p99 114-227 ms)
 * and with it the relay. Runs `runPublisherShift` until told to stop; reports what it published
 * and how late its own event loop ran.
 */
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { PubSub } from '@google-cloud/pubsub';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PubSubEventPublisher } from '../../src/adapters/pubsub-publisher';
import { runPublisherShift } from '../../src/events/publisher-loop';

export interface RelayArgs {
  topicName: string;
  /** Ordering key shards (0: the SKU). */
  shards: number;
  batching: 'page' | 'per-key';
  owner: string;
  lifeMs: number;
  wake: boolean;
}
export type RelayFromParent = { type: 'measure' } | { type: 'stop' };
export type RelayToParent = { type: 'ready' } | { type: 'done'; published: number; loopDelayP99Ms: number; loopDelayMaxMs: number };

async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2]!) as RelayArgs;
  const projectId = process.env.GCLOUD_PROJECT!;
  const db = getFirestore(initializeApp({ projectId }));
  db.settings({ ignoreUndefinedProperties: true });
  const pubsub = new PubSub({ projectId });
  const abort = new AbortController();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const loop = runPublisherShift(db, new PubSubEventPublisher(pubsub, a.topicName, a.batching, undefined, a.shards), projectId, {
    owner: a.owner,
    holdMs: Infinity,
    lifeMs: a.lifeMs,
    intervalMs: 250,
    signal: abort.signal,
    wake: a.wake,
  });
  process.on('message', (m: RelayFromParent) => {
    // From now on (the end of the warm-up), how late this process's event loop runs.
    if (m.type === 'measure') loopDelay.enable();
    else if (m.type === 'stop') {
      abort.abort();
      void loop.then(async (r) => {
        loopDelay.disable();
        await pubsub.close();
        process.send!({ type: 'done', published: r.published, loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6 } satisfies RelayToParent, () => process.exit(0));
      });
    }
  });
  process.send!({ type: 'ready' } satisfies RelayToParent);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
