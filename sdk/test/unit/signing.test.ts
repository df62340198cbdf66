import assert from 'node:assert/strict';
import { signRequest as serverSign, verifyRequest } from '../../../functions/src/adapters/hmac-signature';
import { signRequest } from '../../src/index';

describe('vendor SDK: v2 signing', () => {
  it('signs exactly as the server verifies (method, path, query, source and batch headers, body)', async () => {
    const secret = 'k'.repeat(43);
    const body = JSON.stringify({ source: 'v-x', batchId: 'b-1', updates: [{ sku: 'ä-1' }] });
    const r = { method: 'POST', path: '/v1/inventory/sync', query: 'dryRun=true&mode=replace', headers: { 'x-inventory-source': 'v-x', 'x-inventory-batch-id': 'b-1' } };
    const t = 1_800_000_000;
    const ours = await signRequest(secret, { ...r, body: new TextEncoder().encode(body) }, t);
    assert.equal(ours, serverSign(secret, { ...r, body }, t));
    assert.equal(verifyRequest(secret, ours, { ...r, body: Buffer.from(body) }, t + 5, false).ok, true);
    assert.equal(verifyRequest(secret, ours, { ...r, query: '', body: Buffer.from(body) }, t, false).ok, false, 'the query is covered');
  });
});
