/**
 * `npm run replay -- --from <time> --to <time> [--sku A,B] [--shards N] [--project <id>]`: republishes log
 * entries to `inventory-events` in order per SKU, with their original ids (consumers dedupe).
 */
import { Timestamp } from 'firebase-admin/firestore';
import { arg, db, isLocal, progress, projectId } from './cli-env';
import { PubSubEventPublisher } from '../src/adapters/pubsub-publisher';
import { BusLedger } from '../src/adapters/bus-ledger';
import { byLogOrder, outgoingOf } from '../src/events/publisher';

async function main() {
  const from = Date.parse(arg('from') ?? '');
  const to = Date.parse(arg('to') ?? new Date().toISOString());
  if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
    console.error('usage: npm run replay -- --from <ISO time> [--to <ISO time>] [--sku A,B] [--shards N] [--project <id>]');
    process.exit(2);
  }
  if (isLocal()) process.env.PUBSUB_EMULATOR_HOST ??= '127.0.0.1:8085';
  const skus = arg('sku')?.split(',').filter(Boolean);
  const firestore = db();
  let q = firestore.collection('inventoryEvents').where('createdAt', '>=', Timestamp.fromMillis(from)).where('createdAt', '<=', Timestamp.fromMillis(to));
  if (skus?.length) q = q.where('sku', 'in', skus.slice(0, 30));
  const docs = (await q.get()).docs.map((d) => d.data()).sort(byLogOrder);
  // Counted in the bus ledger like the relay's messages, so the consumers' backlog stays exact.
  // The deployment's ordering keys (EVENT_ORDERING_SHARDS): each SKU's replayed events share its live key.
  const shards = Number(arg('shards') ?? process.env.EVENT_ORDERING_SHARDS ?? 0);
  const publisher = new PubSubEventPublisher(undefined, undefined, 'page', new BusLedger(firestore), shards);
  let done = 0;
  for (let i = 0; i < docs.length; i += 500) {
    const r = await publisher.publish(docs.slice(i, i + 500).map((d) => outgoingOf(d, projectId())));
    if (r.failed.length) throw new Error(`${r.failed.length} events failed to publish; run the replay again`);
    done += r.published.length;
    progress('replay', done, docs.length);
  }
  process.stderr.write('\n');
  console.log(`republished ${done} events from ${new Date(from).toISOString()} to ${new Date(to).toISOString()}${skus ? ` for ${skus.join(',')}` : ''}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
