import assert from 'node:assert/strict';
import { bulkQuery, ErrorSchema, jobPath, runInput, skuPath } from '../../../../src/triggers/http/api-schemas';

describe('triggers/http/api-schemas', () => {
  it('path and query schemas refuse what a route must never see', () => {
    assert.equal(skuPath.safeParse({ sku: 'A-1' }).success, true);
    for (const sku of ['a/b', 'a b', '__x__', 'x'.repeat(201)]) assert.equal(skuPath.safeParse({ sku }).success, false, sku);
    assert.equal(jobPath.safeParse({ jobId: 'not a job' }).success, true, 'a malformed minted id is answered 404 by its route, as an unknown one');
    assert.equal(jobPath.safeParse({ jobId: '' }).success, false);
    assert.equal(bulkQuery.safeParse({}).success, false, 'a bulk read names its SKUs');
  });

  it('a reconciliation run fixes by default; an error answer has its message', () => {
    assert.deepEqual(runInput.parse({}), { fix: true });
    assert.equal(runInput.safeParse({ fix: 'yes' }).success, false);
    assert.equal(ErrorSchema.safeParse({ error: 'x' }).success, true);
    assert.equal(ErrorSchema.safeParse({}).success, false);
  });
});
