/** `npm run dual-run [-- --project <id>]`: the legacy system's counts against ours, for the SKUs in our share. */
import { db } from './cli-env';
import { dualRunReport } from '../src/ops/dual-run';
import { RolloutOwnership } from '../src/sync/sync-state';
import { remoteConfigFlags } from '../src/adapters/feature-flags';

async function main() {
  const firestore = db();
  const r = await dualRunReport(firestore, new RolloutOwnership(firestore, await remoteConfigFlags({ emulator: false, templateFile: null })), { trigger: 'cli' });
  console.log(JSON.stringify(r, null, 2));
  process.exit(0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
