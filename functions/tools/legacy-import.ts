/** `npm run legacy-import -- <file.csv> [--replace] [--project <id>]`: the legacy system's counts, for the dual-run report. */
import { readFileSync } from 'node:fs';
import { db } from './cli-env';
import { importLegacyCounts } from '../src/ops/legacy-import';
import { DomainError } from '../src/errors';

async function main() {
  const file = process.argv[2];
  if (!file || file.startsWith('--')) {
    console.error('usage: npm run legacy-import -- <file.csv with columns sku,onHand> [--replace] [--project <id>]');
    process.exit(2);
  }
  const r = await importLegacyCounts(db(), readFileSync(file, 'utf8'), { replace: process.argv.includes('--replace') });
  console.log(JSON.stringify(r));
  process.exit(0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  if (err instanceof DomainError && err.details) console.error(JSON.stringify(err.details, null, 2));
  process.exit(1);
});
