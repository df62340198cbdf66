// Push a vendor's stock file with the SDK: parse, check, dry-run, push, follow the jobs.
import { readFileSync } from 'node:fs';
import { parseStockCsv, VendorClient } from '@inventory-sync/vendor-sdk';

const client = new VendorClient({ baseUrl: process.env.API_URL!, vendorId: process.env.VENDOR_ID!, key: process.env.VENDOR_KEY! });
const { updates, problems } = parseStockCsv(readFileSync(process.argv[2]!, 'utf8'));
for (const p of problems) console.error(`line ${p.line}, ${p.field}: ${p.message}`);

const [preview] = await client.dryRun(updates);
console.log('would change:', preview!.diff, preview!.guard.hold ? `held: ${preview!.guard.reasons.join('; ')}` : '');

const result = await client.push(updates); // batches of 5,000, retried, idempotent
for (const b of result.batches) {
  console.log(`${b.batchId}: ${b.job?.state} · ${b.job?.applied} applied · ${b.accepted.rejected.length} refused`);
  for (const e of b.accepted.rejected) console.error(`  row ${e.index + 1}, ${e.field}: ${e.message}`);
}
