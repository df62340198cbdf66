/** `npm run export -- stock|reservations|discrepancies [--runId <id>] [--project <id>] > file.csv` */
import { arg, db } from './cli-env';
import { EXPORTS, ExportKind, exportCsv } from '../src/ops/exports';

async function main() {
  const kind = process.argv[2] as ExportKind;
  if (!EXPORTS.includes(kind)) {
    console.error(`usage: npm run export -- ${EXPORTS.join('|')} [--runId <id>] [--project <id>] > file.csv`);
    process.exit(2);
  }
  await exportCsv(db(), kind, (chunk) => new Promise<void>((resolve, reject) => process.stdout.write(chunk, (err) => (err ? reject(err) : resolve()))), arg('runId'));
  process.exit(0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
