import assert from 'node:assert/strict';
import { sign, signRequest, SignedRequest } from '../../../src/ingest/signature';
import { authenticate, parseIngestSecrets } from '../../../src/ingest/credentials';

describe('ingest/credentials', () => {
  const KEY = 'k'.repeat(32);
  const OLD = 'o'.repeat(32);
  const ERP = 'e'.repeat(40);
  const body = Buffer.from('{"source":"erp"}');
  const at = 1_800_000_000;
  const req = (over: Partial<SignedRequest> = {}): SignedRequest => ({ method: 'POST', path: '/v1/inventory/sync', query: '', headers: {}, body, ...over });

  it('reads one secret, or JSON with a default and per-source lists', () => {
    assert.deepEqual(parseIngestSecrets(KEY), { fallback: [KEY], bySource: {} });
    assert.deepEqual(parseIngestSecrets(JSON.stringify({ '*': [KEY, OLD], erp: ERP })), { fallback: [KEY, OLD], bySource: { erp: [ERP] } });
    assert.deepEqual(parseIngestSecrets(''), { fallback: [], bySource: {} });
    assert.deepEqual(parseIngestSecrets('{not json'), { fallback: [], bySource: {} }, 'a broken value is no secret at all');
  });

  it('fails closed: no secret of 32 bytes or more answers 503, whatever is signed', () => {
    const empty = authenticate(parseIngestSecrets(''), null, sign('', body, at), req(), at, true);
    assert.deepEqual([empty.ok, !empty.ok && empty.status], [false, 503]);
    const short = authenticate(parseIngestSecrets('short-secret'), null, sign('short-secret', body, at), req(), at, true);
    assert.deepEqual([short.ok, !short.ok && short.status], [false, 503]);
    const noneForSource = authenticate(parseIngestSecrets(JSON.stringify({ '*': [KEY], erp: ['tiny'] })), 'erp', sign('tiny', body, at), req(), at, true);
    assert.deepEqual([noneForSource.ok, !noneForSource.ok && noneForSource.status], [false, 503]);
  });

  it('accepts the current or previous key; a source with its own keys only with those', () => {
    const s = parseIngestSecrets(JSON.stringify({ '*': [KEY, OLD], erp: [ERP] }));
    assert.equal(authenticate(s, 'vendor', sign(OLD, body, at), req(), at, true).ok, true);
    assert.equal(authenticate(s, null, sign(KEY, body, at), req(), at, true).ok, true);
    assert.equal(authenticate(s, 'erp', sign(KEY, body, at), req(), at, true).ok, false);
    assert.equal(authenticate(s, 'erp', sign(ERP, body, at), req(), at, true).ok, true);
    const expired = authenticate(s, null, sign(KEY, body, at - 301), req(), at, true);
    assert.deepEqual([expired.ok, !expired.ok && expired.reason], [false, 'signature expired']);
  });

  it('v2 covers the method, path, query, source and batch headers and body; v1 only where the body is everything', () => {
    const s = parseIngestSecrets(KEY);
    const csv = req({ query: 'source=vendor-1&batchId=b-1', body: Buffer.from('sku,locationId\n') });
    assert.equal(authenticate(s, 'vendor-1', signRequest(KEY, csv, at), csv, at, false).ok, true);
    for (const [what, changed] of [
      ['another batch id in the query', { ...csv, query: 'source=vendor-1&batchId=b-2' }],
      ['another method', { ...csv, method: 'PUT' }],
      ['another path', { ...csv, path: '/v1/jobs/j-1' }],
      ['another body', { ...csv, body: Buffer.from('sku,locationId\nA,wh\n') }],
      ['a batch header added', { ...csv, headers: { 'x-inventory-batch-id': 'b-9' } }],
      ['a source header added', { ...csv, headers: { 'x-inventory-source': 'other' } }],
    ] as const) {
      const r = authenticate(s, 'vendor-1', signRequest(KEY, csv, at), changed, at, false);
      assert.deepEqual([r.ok, !r.ok && r.reason], [false, 'signature mismatch'], what);
    }
    const v1 = authenticate(s, 'vendor-1', sign(KEY, csv.body, at), csv, at, false);
    assert.equal(v1.ok, false);
    assert.match(!v1.ok ? v1.reason : '', /v2 required/);
    assert.equal(authenticate(s, null, sign(KEY, body, at), req(), at, true).ok, true, 'a JSON push without a query keeps v1 (CONTRACT)');
    assert.equal(authenticate(s, null, signRequest(KEY, req(), at), req(), at, true).ok, true, 'and may use v2');
  });
});
