/**
 * `npm run migrate [-- --project <id>] [--restart]`: moves every stock document to the current shape
 * (src/ops/migrate.ts): resumable, idempotent, paged, with a progress bar; then gives log entries
 * not yet published their outbox copy (0.8.0).
 */
import { parseArgs } from 'node:util';
import { db, param, progress, projectId } from './cli-env';
import { migrateStockDocuments, migrateUnpublishedEvents } from '../src/ops/migrate';

async function main() {
  const { values } = parseArgs({ options: { project: { type: 'string' }, restart: { type: 'boolean', default: false } } });
  const firestore = db();
  const total = (await firestore.collection('inventory').count().get()).data().count;
  console.error(`migrating the stock documents of ${projectId()} (${total.toLocaleString()})`);
  const r = await migrateStockDocuments(firestore, Number(param('LOW_STOCK_THRESHOLD')), {
    restart: values.restart,
    afterPage: (p) => progress('migrate', p.scanned, Math.max(total, p.scanned)),
  });
  progress('migrate', r.scanned, r.scanned);
  // 0.8.0: unpublished log entries get their outbox copy, so the relay publishes them.
  const events = await migrateUnpublishedEvents(firestore);
  console.log(JSON.stringify({ ...r, unpublishedEventsCopiedToOutbox: events.copied }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
