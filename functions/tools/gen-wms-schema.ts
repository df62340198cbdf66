/** Writes docs/wms-contract/v<n>.schema.json from the connector's zod schemas (a test keeps them equal). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WMS_CONTRACT_VERSIONS, wmsContractJsonSchema } from '../src/adapters/wms-contract';

const dir = path.resolve(__dirname, '../../docs/wms-contract');
mkdirSync(dir, { recursive: true });
for (const v of WMS_CONTRACT_VERSIONS) {
  const out = path.join(dir, `v${v}.schema.json`);
  writeFileSync(out, JSON.stringify(wmsContractJsonSchema(v), null, 2) + '\n');
  console.log(`wrote ${out}`);
}
