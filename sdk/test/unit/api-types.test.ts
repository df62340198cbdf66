import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The SDK's types are generated from docs/openapi.json (`npm --prefix sdk run gen:types`): a drift fails here. */
describe('vendor SDK: API types', () => {
  it('src/api-types.ts is what openapi-typescript generates from docs/openapi.json today', async function () {
    // Loading and running the generator takes ~1 s alone and 3 s on a busy 2-core machine.
    this.timeout(30_000);
    const { default: openapiTS, astToString } = await import('openapi-typescript');
    const doc = JSON.parse(readFileSync(path.resolve(__dirname, '../../../docs/openapi.json'), 'utf8'));
    const generated = astToString(await openapiTS(doc));
    const checkedIn = readFileSync(path.resolve(__dirname, '../../src/api-types.ts'), 'utf8');
    const body = (s: string) => s.slice(s.indexOf('export '));
    assert.ok(body(checkedIn) === body(generated), 'sdk/src/api-types.ts is out of date: run `npm --prefix sdk run gen:types` (after `npm run openapi`)');
  });
});
