/** The raw ceiling of this machine's emulators, so every other figure can be read as a ratio. */
import { Firestore } from 'firebase-admin/firestore';
import { PubSub } from '@google-cloud/pubsub';
import { pool, record, timed } from './lib';

export interface Ceiling {
  batchedWritesPerSec: number;
  getAllDocsPerSec: number;
  publishPerSec: number;
  transactionsPerSec: number;
}

export async function ceiling(db: Firestore): Promise<Ceiling> {
  console.log('\n▶ ceiling: raw emulator throughput');
  const N = 20_000;
  const ids = Array.from({ length: N }, (_, i) => `c-${i}`);
  const chunks: string[][] = [];
  for (let i = 0; i < N; i += 400) chunks.push(ids.slice(i, i + 400));
  const w = await timed(() =>
    pool(chunks, 4, async (chunk) => {
      const b = db.batch();
      for (const id of chunk) b.set(db.collection('benchCeiling').doc(id), { n: 1, at: Date.now(), pad: 'x'.repeat(200) });
      await b.commit();
    }),
  );
  const batchedWritesPerSec = N / (w.ms / 1000);
  record({ scenario: 'ceiling', metric: 'batched writes', value: batchedWritesPerSec, unit: 'docs/s' });

  const reads = Array.from({ length: 10 }, (_, k) => ids.slice(k * 1000, k * 1000 + 1000));
  const r = await timed(() => pool(reads, 1, async (slice) => void (await db.getAll(...slice.map((id) => db.collection('benchCeiling').doc(id))))));
  const getAllDocsPerSec = 10_000 / (r.ms / 1000);
  record({ scenario: 'ceiling', metric: 'getAll (1,000 per call)', value: getAllDocsPerSec, unit: 'docs/s' });

  const T = 400;
  const t = await timed(() =>
    pool(ids.slice(0, T), 20, async (id) => {
      await db.runTransaction(async (tx) => {
        const s = await tx.get(db.collection('benchCeiling').doc(id));
        tx.update(s.ref, { n: (s.data()?.n ?? 0) + 1 });
      });
    }),
  );
  const transactionsPerSec = T / (t.ms / 1000);
  record({ scenario: 'ceiling', metric: 'transactions, distinct docs, 20 concurrent', value: transactionsPerSec, unit: 'tx/s' });

  const pubsub = new PubSub({ projectId: process.env.GCLOUD_PROJECT });
  const [topic] = await pubsub.topic('bench-ceiling').get({ autoCreate: true });
  const publisher = pubsub.topic(topic.name, { batching: { maxMessages: 500, maxMilliseconds: 10 } });
  const M = 10_000;
  const p = await timed(() => Promise.all(Array.from({ length: M }, (_, i) => publisher.publishMessage({ json: { i, pad: 'x'.repeat(200) } }))));
  const publishPerSec = M / (p.ms / 1000);
  record({ scenario: 'ceiling', metric: 'Pub/Sub publish (batched client)', value: publishPerSec, unit: 'msgs/s' });
  await pubsub.close();
  return { batchedWritesPerSec, getAllDocsPerSec, publishPerSec, transactionsPerSec };
}
