// `npm --prefix sdk run gen:types`: src/api-types.ts from docs/openapi.json (openapi-typescript).
// A unit test (sdk/test/unit/api-types.test.ts) regenerates it the same way and fails on a drift.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const doc = JSON.parse(readFileSync(path.resolve(here, '../../docs/openapi.json'), 'utf8'));
const out = path.resolve(here, '../src/api-types.ts');
writeFileSync(out, `/** Generated from docs/openapi.json by \`npm --prefix sdk run gen:types\` (openapi-typescript). Do not edit. */\n${astToString(await openapiTS(doc))}`);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
