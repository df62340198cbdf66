/** `npm run backfill [-- --project <id>]`: full resync from the WMS snapshot, with a progress bar. */
import { db, param, progress, projectId } from './cli-env';
import { WmsHttpConnector } from '../src/adapters/wms-http';
import { CountApplier } from '../src/stock/count-applier';
import { runFullResync } from '../src/sync/full-resync';
import { RolloutOwnership } from '../src/sync/sync-state';
import { remoteConfigFlags } from '../src/adapters/feature-flags';

async function main() {
  const firestore = db();
  const threshold = Number(param('LOW_STOCK_THRESHOLD'));
  console.error(`backfill of ${projectId()} from ${param('WMS_BASE_URL')}`);
  const flags = await remoteConfigFlags({ emulator: false, templateFile: null });
  const r = await runFullResync(
    {
      db: firestore,
      connector: new WmsHttpConnector({ baseUrl: param('WMS_BASE_URL'), apiKey: param('WMS_API_KEY') }),
      flags,
      // The staged migration holds here too: the flag, the share and the rollback list.
      applier: new CountApplier(firestore, { defaultThreshold: threshold, ownership: new RolloutOwnership(firestore, flags) }),
      staleAfterSeconds: Number(param('STALE_AFTER_SECONDS')),
    },
    { owner: `backfill-cli-${process.pid}`, onProgress: (p) => progress(p.phase, p.done, p.total) },
  );
  process.stderr.write('\n');
  console.log(JSON.stringify(r, null, 2));
  process.exit(0);
}

main().catch((err) => {
  console.error(`\nbackfill failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
