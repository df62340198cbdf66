/**
 * `npm run migrate [-- --project <id>] [--restart]`: moves every stock document to the current shape
 * (src/ops/migrate.ts): resumable, idempotent, paged, with a progress bar.
 */
import { parseArgs } from 'node:util';
import { db, param, progress, projectId } from './cli-env';
import { migrateStockDocuments } from '../src/ops/migrate';

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
  console.log(JSON.stringify(r));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
